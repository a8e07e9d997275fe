"""What an example of each shape contains, said once: its parts, its tools, its texts.

Written defensively: examples may be of any JSON types (they may also have failed the
schema), so nothing here assumes a part is what the shape says it should be.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from curator.core.model.shapes import SHAPES, PartSpec, Shape

MISSING: Any = object()  # a part the example does not have

# every part of every shape, once, in reading order (the editor's sections)
ALL_PARTS: tuple[PartSpec, ...] = tuple(
    {p.key: p for spec in SHAPES.values() for p in spec.parts}.values())
_ORDER = ("messages", "input.messages", "preferred_output", "non_preferred_output", "prompt",
          "completion", "chosen", "rejected")
ALL_PARTS = tuple(sorted(ALL_PARTS, key=lambda p: _ORDER.index(p.key)))


def get_at(value: Any, key: str) -> Any:
    """The value at dotted ``key``, or :data:`MISSING` when a step of it is missing."""
    part: Any = value
    for step in key.split("."):
        part = part.get(step, MISSING) if isinstance(part, dict) else MISSING
    return part


def with_part(value: dict[str, Any], key: str, new: Any) -> dict[str, Any]:
    """A copy of ``value`` with the part at dotted ``key`` replaced by ``new``."""
    out = copy.deepcopy(value)
    *parents, last = key.split(".")
    holder = out
    for step in parents:
        holder = holder[step]
    holder[last] = new
    return out


def parts(value: dict[str, Any], shape: Shape) -> list[tuple[PartSpec, Any]]:
    """The parts of ``shape`` that ``value`` has, with their values (of any type)."""
    spec = SHAPES.get(shape)
    if spec is None:
        return []
    out = []
    for part, steps in spec.paths:
        found: Any = value
        for step in steps:  # get_at, without splitting the path on every call
            found = found.get(step, MISSING) if type(found) is dict else MISSING
        if found is not MISSING:
            out.append((part, found))
    return out


def conversations(value: dict[str, Any], shape: Shape) -> list[tuple[str, list[Any], bool]]:
    """The lists of messages of an example: ``(path, messages, whole)``, where ``whole`` says
    the list is the entire conversation (a chat example's ``messages``), which must have an
    assistant reply and should end with one. A single-message part gives its first message
    only (a longer list is the schema's finding)."""
    spec = SHAPES.get(shape)
    if spec is None:
        return []
    if spec.chat:  # the common case, without the general walk
        messages = value.get("messages")
        return [("messages", messages, True)] if type(messages) is list else []
    return [(part.key, found[:1] if part.single else found, False)
            for part, found in parts(value, shape) if isinstance(found, list)]


def tools_of(value: dict[str, Any], shape: Shape) -> Any:
    """The example's tool definitions (of any type), or None."""
    spec = SHAPES.get(shape)
    if spec is None or not spec.tools:
        return None
    found = get_at(value, spec.tools)
    return None if found is MISSING else found


def message_text(message: dict[str, Any]) -> str:
    """A message's text: its content, its text parts joined, and its tool calls."""
    content = message.get("content")
    if isinstance(content, str):
        text = content
    elif isinstance(content, list):
        text = " ".join(p["text"] for p in content
                        if isinstance(p, dict) and isinstance(p.get("text"), str))
    else:
        text = ""
    calls = message.get("tool_calls")
    if calls:
        try:
            text += " " + str(calls)
        except RecursionError:  # nested deeper than Python's repr goes
            text += " " + type(calls).__name__
    return text


def _own_shape(value: dict[str, Any]) -> Shape:
    """The shape an example's own keys speak for (whatever the file's shape)."""
    if "messages" in value:
        return Shape.OPENAI_CHAT
    if "input" in value:
        return Shape.OPENAI_PREFERENCE
    return Shape.TRL_PROMPT_COMPLETION if "completion" in value else Shape.TRL_PREFERENCE


def own_parts(value: dict[str, Any]) -> list[tuple[PartSpec, Any]]:
    """The parts of the shape the example's own keys speak for, with their values."""
    return parts(value, _own_shape(value))


def tools_of_row(value: dict[str, Any]) -> Any:
    """The tool definitions of the shape the example's own keys speak for, or None."""
    return tools_of(value, _own_shape(value))


def row_texts(value: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, text) of each message of the parts that make the example what it is, in
    order: what duplicates are fingerprinted on and the language is told from.

    The parts are those of the shape the example's own keys speak for, so that a row of
    another shape in a file still has its texts.
    """
    out: list[tuple[str, str]] = []
    for spec, part in parts(value, _own_shape(value)):
        if not spec.identity:
            continue
        if isinstance(part, str):
            out.append((spec.role, part))
        elif isinstance(part, list):
            for message in part:
                if isinstance(message, dict):
                    role = message.get("role")
                    out.append((role if isinstance(role, str) else "?", message_text(message)))
    return out



def first_text(value: dict[str, Any], role: str) -> str | None:
    """The text of the first message in ``role`` among :func:`row_texts`, without making
    the texts of the others (the app's table shows every row's first user message)."""
    for spec, part in own_parts(value):
        if not spec.identity:
            continue
        if isinstance(part, str):
            if spec.role == role:
                return part
        elif isinstance(part, list):
            for message in part:
                if isinstance(message, dict):
                    who = message.get("role")
                    if (who if isinstance(who, str) else "?") == role:
                        return message_text(message)
    return None


def field_path(key: str, index: int) -> str:
    """The path of a text field: ``messages[2].content``, or the part's key for a plain-text
    part (``index`` -1)."""
    return key if index < 0 else f"{key}[{index}].content"


def text_fields(value: dict[str, Any]) -> Iterator[tuple[str, int, str, str, bool]]:
    """``(part key, index, role, text, trained)`` of every plain-text field of the parts that
    make the example what it is (as :func:`row_texts`): each message whose content is a
    string (index: its place in the part) and each part that is a plain string (index -1),
    where a finding's span can point (:func:`field_path`). ``trained`` says a model learns
    the text: an assistant reply of a trained part, without weight 0."""
    for spec, part in own_parts(value):
        if not spec.identity:
            continue
        if isinstance(part, str):
            yield spec.key, -1, spec.role, part, spec.trained and spec.role == "assistant"
            continue
        if not isinstance(part, list):
            continue
        for i, message in enumerate(part):
            if type(message) is not dict:
                continue
            content, role = message.get("content"), message.get("role")
            if type(content) is str and type(role) is str:
                yield spec.key, i, role, content, spec.trained and (
                    role == "assistant" and message.get("weight", 1) != 0)
