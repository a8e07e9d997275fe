"""The schema family: each example against its shape (S000-S042), and the file as a whole
(S090-S092). The pydantic models of the shapes are in curator/core/model/schema.py."""

from __future__ import annotations

from curator.core.families.protocol import Conclusion, Family, FileFacts, RowCheck, RowContext, Run
from curator.core.families.schema.codes import CODES
from curator.core.families.schema.example import check_example
from curator.core.families.schema.file_rules import check_file
from curator.core.model.findings import Finding


class SchemaCheck(RowCheck):
    def row(self, ctx: RowContext) -> None:
        ctx.findings.extend(check_example(ctx.value, ctx.line, ctx.shape))


class FileRules(Conclusion):
    """Rules about the file as a whole: how many examples it has."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings

    def file_findings(self) -> list[Finding]:
        return list(self.findings)


class Schema(Family):
    name = "schema"
    codes = CODES
    doc = "README.md#finding-codes"

    def start(self, run: Run) -> RowCheck:
        return SchemaCheck()

    def conclude(self, facts: FileFacts) -> Conclusion:
        return FileRules(check_file(facts.examples, facts.shape))


FAMILY = Schema()
