"""Findings about the bytes of a line: encoding, JSON syntax, blank lines, byte order mark."""

from __future__ import annotations

from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.jsonl import ParseError

_CODES = {"utf8": "J001", "json": "J002", "not-object": "J003", "depth": "J004",
          "too-long": "J007"}


def parse_error_finding(line: int, error: ParseError) -> Finding:
    return make(_CODES[error.kind], line, error.message, column=error.column)


def blank_line_finding(line: int) -> Finding:
    return make("J005", line, (
        "blank line: it is not an example and trainers may reject it; delete it"))


def bom_finding() -> Finding:
    return make("J006", 1, (
        "the file starts with a UTF-8 byte order mark; Curator reads it, but some trainers "
        "do not: exports are written without it"))
