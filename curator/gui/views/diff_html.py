"""Two examples side by side as HTML, with the words that differ highlighted."""

from __future__ import annotations

import difflib
import html
from typing import Any

from curator.core.api import row_texts

REMOVED = "background:#ffcdd2"
ADDED = "background:#c8e6c9"


def example_words(value: dict[str, Any] | None) -> list[str]:
    """The example as words, each message starting with its role in brackets."""
    if value is None:
        return ["(not", "valid", "JSON)"]
    words: list[str] = []
    for role, text in row_texts(value):
        words.append(f"\n[{role}]")
        words.extend(text.split())
    return words


def _render(words: list[str], marks: list[bool], style: str) -> str:
    out = []
    for word, marked in zip(words, marks, strict=True):
        if word.startswith("\n["):
            out.append(f"<br><b>{html.escape(word.strip())}</b><br>")
            continue
        escaped = html.escape(word)
        out.append(f'<span style="{style}">{escaped}</span>' if marked else escaped)
    return " ".join(out)


def side_by_side(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[str, str, float]:
    """HTML for each side, and the share of words the two have in common (0–1)."""
    left, right = example_words(a), example_words(b)
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    left_marks, right_marks = [True] * len(left), [True] * len(right)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            left_marks[block.a + k] = False
            right_marks[block.b + k] = False
    return (_render(left, left_marks, REMOVED), _render(right, right_marks, ADDED),
            matcher.ratio())
