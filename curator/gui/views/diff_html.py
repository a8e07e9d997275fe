"""Two examples side by side as HTML, with the words that differ highlighted."""

from __future__ import annotations

import difflib
import html
from typing import Any

from PySide6.QtGui import QPalette

from curator.core.api import row_texts
from curator.gui import theme


def styles(colours: QPalette | None = None) -> tuple[str, str]:
    """The styles of words only on the left and only on the right: backgrounds tinted from
    the palette's base (text stays the palette's, readable), and underlined (removed) or
    bold (added), so the difference does not rest on colour alone."""
    colours = colours or theme.palette()
    tints = theme.diff_backgrounds(colours)
    text = theme.css(colours.color(theme.Role.Text))
    return (f"background:{theme.css(tints['removed'])}; color:{text}; "
            "text-decoration:line-through",
            f"background:{theme.css(tints['added'])}; color:{text}; font-weight:bold")


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


def side_by_side(a: dict[str, Any] | None, b: dict[str, Any] | None,
                 colours: QPalette | None = None) -> tuple[str, str, float]:
    """HTML for each side, and the share of words the two have in common (0–1)."""
    removed, added = styles(colours)
    left, right = example_words(a), example_words(b)
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    left_marks, right_marks = [True] * len(left), [True] * len(right)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            left_marks[block.a + k] = False
            right_marks[block.b + k] = False
    return (_render(left, left_marks, removed), _render(right, right_marks, added),
            matcher.ratio())


def in_common(a: dict[str, Any] | None, b: dict[str, Any] | None, style: str
              ) -> tuple[str, str, float]:
    """HTML for each side with the runs of words the two share marked in ``style``, and the
    share of words in common (0–1)."""
    left, right = example_words(a), example_words(b)
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    left_marks, right_marks = [False] * len(left), [False] * len(right)
    for block in matcher.get_matching_blocks():
        if block.size >= 3:  # a word or two in common is no overlap
            for k in range(block.size):
                left_marks[block.a + k] = True
                right_marks[block.b + k] = True
    return (_runs(left, left_marks, style), _runs(right, right_marks, style),
            matcher.ratio())


def _runs(words: list[str], marks: list[bool], style: str) -> str:
    """Words as HTML, each run of marked words in one span (spaces between them marked
    too)."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        if run:
            out.append(f'<span style="{style}">{" ".join(run)}</span>')
            run.clear()

    for word, marked in zip(words, marks, strict=True):
        if word.startswith("\n["):
            close()
            out.append(f"<br><b>{html.escape(word.strip())}</b><br>")
        elif marked:
            run.append(html.escape(word))
        else:
            close()
            out.append(html.escape(word))
    close()
    return " ".join(out)
