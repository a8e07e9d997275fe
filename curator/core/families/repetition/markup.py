"""What repeats legitimately in a chat reply, blanked out before repetition is measured.

Fenced code blocks repeat lines (``}``, ``x += 1``), markdown tables repeat cells and
separator rows, and list markers (``1.``, ``-``) start every item the same way. Web-text
filters (Gopher) were not written for them and fire on them (docs/quality.md). Each is
replaced by spaces of the same length, newlines kept, so that every offset measured in the
blanked text is an offset in the original: a finding's span points into the real field.
"""

from __future__ import annotations

import re

# a fenced block: ``` or ~~~ (3 or more) to the same fence, or to the end of the text
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
# a table row: a line with two pipes or more (with or without the outer ones)
_TABLE = re.compile(r"^[^\n|]*\|[^\n|]*\|[^\n]*$", re.M)
# a list item's marker: -, *, +, •, 1. 1) a. a)
_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,4}[.)]|[A-Za-z][.)])[ \t]+", re.M)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    return _NOT_NEWLINE.sub(" ", match.group())


def prose(text: str) -> str:
    """``text`` with code blocks, table rows and list markers blanked (same length)."""
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(_blank, text)
    if text.count("|") >= 2:
        text = _TABLE.sub(_blank, text)
    return _MARKER.sub(_blank, text)
