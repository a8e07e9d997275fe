"""Where a finding's span falls in the text a card shows (marks.py draws it).

A finding's ``span`` counts characters in the field its path names (``content``,
``content[2].text``, ``tool_calls[0].function.arguments``); the card shows some fields as
they are and others inside text of its own: text parts joined by newlines, tool calls as
indented JSON (where an argument string is escaped). These map one onto the other.
"""

from __future__ import annotations

import json
import re
from typing import Any

Mark = tuple[int, int, str]  # start, end, tooltip
PART = re.compile(r"content\[(\d+)\]\.text$")
ARGUMENTS = re.compile(r"tool_calls\[(\d+)\]\.function\.arguments$")


def content_mark(content: Any, shown: str, field: str, span: tuple[int, int], tip: str
                 ) -> Mark | None:
    """The span of ``field`` (below a message) in the content box showing ``shown``."""
    if field == "content":
        if not isinstance(content, str):
            return None
        return (*span, tip) if shown == content else _found(content[span[0]:span[1]], shown, tip)
    part = PART.match(field)
    if part is None or not isinstance(content, list):
        return None
    texts = [p.get("text") if isinstance(p, dict) else None for p in content]
    strings = [t for t in texts if isinstance(t, str)]
    if len(strings) != len(texts) or shown != "\n".join(strings):
        return None
    index = int(part.group(1))
    if index >= len(strings):
        return None
    offset = sum(len(t) + 1 for t in strings[:index])
    return offset + span[0], offset + span[1], tip


def _found(needle: str, shown: str, tip: str) -> Mark | None:
    """Where ``needle`` first appears in ``shown``, as it is or JSON-escaped (a tool result
    the card shows as indented JSON)."""
    for form in dict.fromkeys((needle, json.dumps(needle, ensure_ascii=False)[1:-1])):
        at = shown.find(form) if form else -1
        if at >= 0:
            return at, at + len(form), tip
    return None


def calls_mark(calls: Any, shown: str, field: str, span: tuple[int, int], tip: str
               ) -> Mark | None:
    """The span of a call's ``arguments`` string in the tool-calls box (indented JSON)."""
    found = ARGUMENTS.match(field)
    if found is None or not isinstance(calls, list):
        return None
    index = int(found.group(1))
    at = -1
    for i, call in enumerate(calls):  # the i-th "arguments" key is the i-th call's
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or "arguments" not in function:
            continue
        at = shown.find('"arguments": ', at + 1)
        if at < 0:
            return None
        if i == index:
            arguments = function["arguments"]
            if not isinstance(arguments, str):
                return None
            string = at + len('"arguments": ') + 1  # after the opening quote
            start = string + _escaped(arguments[:span[0]])
            return start, start + _escaped(arguments[span[0]:span[1]]), tip
    return None


def _escaped(text: str) -> int:
    """How long ``text`` is once written inside a JSON string (as the card writes it)."""
    return len(json.dumps(text, ensure_ascii=False)) - 2
