"""The special-token family's finding codes: control tokens of a tokenizer in the text."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("K001", "special-token", E, "special token of the target's tokenizer in the text",
     '"content": "Thanks!<|endoftext|>"'),
    ("K002", "special-token", W, "control token of another chat format in the text",
     '"content": "[INST] Where is my order? [/INST]"'),
]

CODES = register_codes("special_tokens", TABLE)
