"""Runs of whitespace folded to one space, as several checks compare texts."""

from __future__ import annotations


def fold_spaces(text: str) -> str:
    """``" ".join(text.split())``: every run of whitespace one space, none at either end.

    Most texts are that already (one line, single spaces: 70% of the messages of the
    multilingual benchmark), and are given back as they are after one pass in C: a text in
    which ``str.isprintable`` finds nothing unprintable has no whitespace but the plain
    space (every other character ``str.isspace`` knows is unprintable; a test checks all of
    Unicode), so it is already folded when it has no two spaces in a row and none at either
    end. The others are split and joined (a tenth of the time on the rest, for the text of
    a long message in a script other than Latin: 13 us against 1.5 us).
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
