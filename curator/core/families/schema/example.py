"""Validate one parsed example against the file's shape: schema, then semantics."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from curator.core.families.schema.errors import findings_from_error
from curator.core.families.schema.messages import check_messages, check_tools
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.parts import conversations, tools_of
from curator.core.model.schema import adapter
from curator.core.model.shapes import Shape, known_keys

OPENAI_TOOLS = (Shape.OPENAI_CHAT, Shape.TRL_MESSAGES, Shape.OPENAI_PREFERENCE)
TRL_TEXT = (Shape.TRL_PROMPT_COMPLETION, Shape.TRL_PREFERENCE)


def check_example(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    """All schema findings for one example (a parsed JSON object)."""
    if shape is Shape.UNKNOWN:
        return [make("S000", line, (
            "cannot tell what kind of example this is "
            f"(keys: {', '.join(sorted(value)) or 'none'}); "
            "use `messages` for chat, or force a shape with --shape"))]
    out: list[Finding] = []
    try:
        adapter(shape).validate_python(value)
    except ValidationError:
        try:  # the precise schema is slower but names exactly one problem per place
            adapter(shape, precise=True).validate_python(value)
        except ValidationError as error:
            out.extend(findings_from_error(error, shape, line))
    out.extend(_semantics(value, line, shape))
    return out


def _semantics(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    out: list[Finding] = []
    if shape in TRL_TEXT:
        out.extend(_mixed_kinds(value, line))
    for path, messages, whole in conversations(value, shape):
        out.extend(check_messages(messages, line, path, require_assistant=whole))
    if shape in OPENAI_TOOLS:
        tools = tools_of(value, shape)
        if tools is not None:
            spec_path = "input.tools" if shape is Shape.OPENAI_PREFERENCE else "tools"
            out.extend(check_tools(tools, line, spec_path))
    out.extend(_unknown_keys(value, line, shape))
    return out


def _mixed_kinds(value: dict[str, Any], line: int) -> list[Finding]:
    """TRL wants every text field plain text, or every one a conversation, never a mix."""
    kinds = {
        key: "text" if isinstance(part, str) else "conversation"
        for key in ("prompt", "completion", "chosen", "rejected")
        if isinstance(part := value.get(key), str | list)
    }
    if len(set(kinds.values())) <= 1:
        return []
    described = ", ".join(f"`{key}` is {kind}" for key, kind in kinds.items())
    return [make("S041", line, (
        f"{described}; TRL needs all of them plain text or all of them lists of messages"))]


def _unknown_keys(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    known = known_keys(shape)
    if value.keys() <= known:
        return []
    return [
        make("S021", line, (
            f"top-level key `{key}` is not part of the {shape} format and will not be "
            "exported; keep it only if you need it for your own bookkeeping"), key)
        for key in value
        if key not in known
    ]
