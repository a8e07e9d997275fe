"""The jsonlines family: the bytes of each line (J001-J005) and the file's start (J006)."""

from __future__ import annotations

from curator.core.families.jsonlines.codes import CODES
from curator.core.families.jsonlines.findings import (
    blank_line_finding,
    bom_finding,
    parse_error_finding,
)
from curator.core.families.protocol import Conclusion, Family, FileFacts, RowCheck, Run
from curator.core.model.findings import Finding
from curator.core.model.jsonl import ParseError


class LineCheck(RowCheck):
    def unparsed(self, line: int, error: ParseError | None, blank: bool,
                 findings: list[Finding]) -> None:
        if blank:
            findings.append(blank_line_finding(line))
        elif error is not None:
            findings.append(parse_error_finding(line, error))


class FileStart(Conclusion):
    def __init__(self, bom: bool) -> None:
        self.bom = bom

    def file_findings(self) -> list[Finding]:
        return [bom_finding()] if self.bom else []


class JsonLines(Family):
    name = "jsonlines"
    codes = CODES
    doc = "README.md#finding-codes"

    def start(self, run: Run) -> RowCheck:
        return LineCheck()

    def conclude(self, facts: FileFacts) -> Conclusion:
        return FileStart(facts.bom)


FAMILY = JsonLines()
