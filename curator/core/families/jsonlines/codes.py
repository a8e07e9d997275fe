"""The jsonlines family's finding codes: the bytes of a line: encoding, JSON
syntax, blank lines, byte order mark."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("J001", "json", E, "line is not valid UTF-8", "a Latin-1 byte 0xe9 in a line"),
    ("J002", "json", E, "line is not valid JSON", '{"messages": [}'),
    ("J003", "json", E, "line is JSON but not an object", '["user", "hi"]'),
    ("J004", "json", E, "JSON nested too deeply", "[[[[ ... 2000 levels ... ]]]]"),
    ("J005", "json", W, "blank line (not an example)", "an empty line between examples"),
    ("J006", "json", W, "file starts with a UTF-8 byte order mark", "EF BB BF before line 1"),
    ("J007", "json", E, "line longer than the limit (not read further)",
     "a 200 MB line, with max_line_bytes at 64 MiB"),
]

CODES = register_codes("jsonlines", TABLE)
