"""The repetition family's finding codes: replies stuck in a loop, replies that repeat
themselves."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

W = Severity.WARNING

TABLE: list[CodeRow] = [
    ("R001", "repetition", W, "reply stuck in a loop: one piece repeated back to back",
     '"Eat a banana! Eat a banana! Eat a banana! …"'),
    ("R002", "repetition", W, "most of the reply is repeated word sequences or lines",
     "one sentence in every other line"),
]

CODES = register_codes("repetition", TABLE)
