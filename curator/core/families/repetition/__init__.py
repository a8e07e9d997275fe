"""The repetition family: assistant replies stuck in a loop (R001) or that mostly repeat
themselves (R002). See docs/quality.md.

Each trained assistant reply is checked (user messages are not trained, and pasted logs
repeat legitimately); a cheap test passes clean text (:func:`.measure.suspect`), and only
the rest is measured. Every user or assistant text that is mostly one repeated piece is
published to the families after this one (``ctx.outputs["repetition"]``, a frozenset of
those texts): the language family tells no language from them ("banana" forty times is not
Turkish).
"""

from __future__ import annotations

from curator.core.families.protocol import Column, Family, RowCheck, RowContext, Run
from curator.core.families.repetition.codes import CODES
from curator.core.families.repetition.measure import Repeat, measure, suspect
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.parts import field_path, text_fields

COLUMNS = (Column("repeated", "float", 0.0),)  # the most repeated share of a trained reply
SPOKEN = frozenset({"user", "assistant"})
DEGENERATE = 0.5  # a text with this share repeated gets no language verdict
QUOTE = 60  # characters of a piece quoted in a message
NOTHING: frozenset[str] = frozenset()


def quoted(piece: str) -> str:
    """A piece as a message quotes it: one line, cut to a sensible length."""
    flat = " ".join(piece.split())
    return f'"{flat}"' if len(flat) <= QUOTE else f'"{flat[:QUOTE - 1].rstrip()}…"'


def repeat_finding(line: int, path: str, found: Repeat) -> Finding:
    """R001 or R002 for one reply, naming the piece, with the span of its first repeat."""
    if found.code == "R001":
        message = (
            f"the reply is stuck in a loop: {quoted(found.piece)} is repeated "
            f"{found.count:,} times back to back ({found.share:.0%} of its text, the first "
            f"repeat at character {found.span[0]:,}); cut the loop down to one occurrence or "
            "drop the example: a model trained on it learns to loop")
    else:
        what = "lines" if found.rule == "lines" else f"{found.rule}s (word sequences)"
        message = (
            f"{found.share:.0%} of the reply is repeated {what} (more than "
            f"{found.limit:.0%}); the most repeated: {quoted(found.piece)} ({found.count:,} "
            "times); remove the repeats or drop the example")
    return make(found.code, line, message, path, span=found.span)


class RepetitionCheck(RowCheck):
    def __init__(self) -> None:
        super().__init__(COLUMNS)

    def row(self, ctx: RowContext) -> None:
        worst = 0.0
        degenerate = NOTHING
        for key, index, role, text, trained in text_fields(ctx.value):
            if role not in SPOKEN or not suspect(text):
                continue
            found = measure(text)
            if found is None:
                continue
            if found.share >= DEGENERATE:
                degenerate = degenerate | {text}
            if trained:
                ctx.findings.append(repeat_finding(ctx.line, field_path(key, index), found))
                worst = max(worst, found.share)
        ctx.outputs["repetition"] = degenerate
        self.add(worst)


class Repetition(Family):
    name = "repetition"
    codes = CODES
    columns = COLUMNS
    doc = "docs/quality.md"

    def start(self, run: Run) -> RowCheck:
        return RepetitionCheck()


FAMILY = Repetition()
