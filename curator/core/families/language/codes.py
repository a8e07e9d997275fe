"""The language family's finding codes: examples in a language the dataset
is not meant to be in."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

W, INFO = Severity.WARNING, Severity.INFO

TABLE: list[CodeRow] = [
    ("L001", "language", W, "example in a language the dataset is not meant to be in",
     "a German reply in an English dataset"),
    ("L002", "language", INFO, "too little text to tell the language",
     '{"content": "ok thanks"}'),
]

CODES = register_codes("language", TABLE)
