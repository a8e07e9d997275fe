"""The special-token family: control tokens of a tokenizer or chat format written into the
text of an example (K001, K002). See docs/special-tokens.md."""

from __future__ import annotations

from typing import Any

from curator.core.families.protocol import Family, RowCheck, RowContext, Run
from curator.core.families.special_tokens.codes import CODES
from curator.core.families.special_tokens.fields import scan_example
from curator.core.families.special_tokens.judge import Judge, own_format
from curator.core.model.findings import Finding


class SpecialTokenCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__()
        self.judge = Judge(own_format(run.settings.core.target), run.settings.core.target)
        firsts = tuple(first for first, _ in self.judge.scanner.regexes)
        if firsts == ("<", "["):
            self.probe = _angle_or_square
        else:
            self.probe = lambda text: any(first in text for first in firsts)

    def row(self, ctx: RowContext) -> None:
        value: dict[str, Any] = ctx.value
        line = ctx.line
        findings: list[Finding] = ctx.findings
        judge = self.judge

        def found(path: str, text: str) -> None:
            findings.extend(judge.findings(line, path, text))

        scan_example(value, ctx.shape, self.probe, found, judge.scanner.anywhere)


def _angle_or_square(text: str) -> bool:
    return "<" in text or "[" in text


class SpecialTokens(Family):
    name = "special_tokens"
    codes = CODES
    doc = "docs/special-tokens.md"

    def start(self, run: Run) -> RowCheck:
        return SpecialTokenCheck(run)


FAMILY = SpecialTokens()
