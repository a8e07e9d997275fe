"""The structure family: how the turns of a conversation flow (C001-C004)."""

from __future__ import annotations

from curator.core.families.protocol import Family, RowCheck, RowContext, Run
from curator.core.families.structure.codes import CODES
from curator.core.families.structure.flow import check_flow
from curator.core.model.parts import conversations


class StructureCheck(RowCheck):
    def row(self, ctx: RowContext) -> None:
        for path, messages, whole in conversations(ctx.value, ctx.shape):
            found = check_flow(messages, ctx.line, path, whole=whole)
            if found:
                ctx.findings.extend(found)


class Structure(Family):
    name = "structure"
    codes = CODES
    doc = "README.md#finding-codes"

    def start(self, run: Run) -> RowCheck:
        return StructureCheck()


FAMILY = Structure()
