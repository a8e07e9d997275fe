"""Folding whitespace: the shortcut for texts already folded gives what splitting and joining
gives, on every character Unicode has and on texts built to hit each branch."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from curator.core.model.spaces import fold_spaces


def test_the_plain_space_is_the_only_printable_whitespace() -> None:
    """What the shortcut rests on, for this Python's Unicode tables."""
    printable_spaces = [c for c in map(chr, range(sys.maxunicode + 1))
                        if c.isspace() and c.isprintable()]
    assert printable_spaces == [" "]


SPACES = [" ", "  ", "\n", "\t", "\r\n", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u1680",
          "\u2003", "\u2028", "\u202f", "\u3000", "\u200b"]  # (U+200B is no whitespace)
WORDS = ["a", "Wörter", "слово", "文字", "🙂", "x\u0301", "\ud800", "\x00", "\u200e"]


@given(st.lists(st.sampled_from(SPACES + WORDS), max_size=12).map("".join))
def test_folding_equals_splitting_and_joining(text: str) -> None:
    assert fold_spaces(text) == " ".join(text.split())


@given(st.text())
def test_folding_any_text(text: str) -> None:
    assert fold_spaces(text) == " ".join(text.split())


def test_a_folded_text_is_given_back_as_it_is() -> None:
    text = "one line, in single spaces: 文字 and слово"
    assert fold_spaces(text) is text
    assert fold_spaces(" leading") == "leading" and fold_spaces("two  spaces") == "two spaces"
