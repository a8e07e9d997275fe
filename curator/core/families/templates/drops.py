"""What a chat template leaves out of the rendered text: tool calls, messages, tool
definitions.

A cheap test first: the thing's own text (its content, its arguments as the template writes
them, a tool's name) is found in the rendered text, so it is there. Only when it is not is the
example rendered again without it: if the text is the same, the template dropped it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from curator.core.families.templates.example import Messages, Templater


def _call_text(call: Any) -> str | None:
    """What a rendered tool call must contain: its arguments as ``tojson`` writes them, or
    its name when the arguments say nothing."""
    function = call.get("function") if isinstance(call, dict) else None
    if not isinstance(function, dict):
        return None
    arguments = function.get("arguments")
    if isinstance(arguments, dict | list) and arguments:
        return json.dumps(arguments, ensure_ascii=False)
    name = function.get("name")
    return name if isinstance(name, str) and name else None


def _same_without(templater: Templater, text: str, messages: Messages, tools: Any) -> bool:
    try:
        again = templater.text(messages, tools)
    except Exception:  # the template refuses it without: then it did use it
        return False
    return again == text


def dropped_calls(templater: Templater, text: str, messages: Messages, tools: Any
                  ) -> Iterator[int]:
    """Indices of assistant messages whose tool calls the template leaves out."""
    for i, message in enumerate(messages):
        calls = message.get("tool_calls")
        if not isinstance(calls, list) or not calls:
            continue
        wanted = [t for t in map(_call_text, calls) if t]
        if wanted and all(t in text for t in wanted):
            continue
        without = {k: v for k, v in message.items() if k != "tool_calls"}
        if _same_without(templater, text, [*messages[:i], without, *messages[i + 1:]], tools):
            yield i


def dropped_messages(templater: Templater, text: str, messages: Messages, tools: Any
                     ) -> Iterator[int]:
    """Indices of messages whose text the template leaves out."""
    for i, message in enumerate(messages):
        content = message.get("content")
        if not isinstance(content, str) or not content.strip() or content.strip() in text:
            continue
        if _same_without(templater, text, [*messages[:i], *messages[i + 1:]], tools):
            yield i


def drops_tools(templater: Templater, text: str, messages: Messages, tools: Any) -> bool:
    """Whether the template leaves the tool definitions out."""
    if not isinstance(tools, list) or not tools:
        return False
    names = [t.get("function", t).get("name") for t in tools if isinstance(t, dict)
             and isinstance(t.get("function", t), dict)]
    if names and all(isinstance(n, str) and n in text for n in names):
        return False
    return _same_without(templater, text, messages, None)
