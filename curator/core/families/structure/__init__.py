"""The structure family: how the turns of a conversation flow (C001-C006), judged by the
trainer profile's rules (``--profile``; see docs/trainers.md)."""

from __future__ import annotations

from curator.core.families.protocol import Family, RowCheck, RowContext, Run
from curator.core.families.structure.codes import CODES
from curator.core.families.structure.flow import Flow
from curator.core.families.structure.settings import StructureSettings
from curator.core.model.parts import conversations


class StructureCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__()
        self.flow = Flow(run.settings.of(StructureSettings).profile)

    def row(self, ctx: RowContext) -> None:
        for path, messages, whole in conversations(ctx.value, ctx.shape):
            found = self.flow.check(messages, ctx.line, path, whole=whole)
            if found:
                ctx.findings.extend(found)


class Structure(Family):
    name = "structure"
    codes = CODES
    settings = StructureSettings
    doc = "docs/trainers.md"

    def start(self, run: Run) -> RowCheck:
        return StructureCheck(run)


FAMILY = Structure()
