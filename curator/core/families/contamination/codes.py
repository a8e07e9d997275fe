"""The contamination family's finding codes: training examples that overlap an evaluation
set."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

W, INFO = Severity.WARNING, Severity.INFO

TABLE: list[CodeRow] = [
    ("E001", "contamination", W, "prompt copied from an evaluation set (exactly or nearly)",
     "the question of test item 12, word for word"),
    ("E002", "contamination", W, "answer copied from an evaluation set (exactly or nearly)",
     "the reference answer of test item 12 with two words changed"),
    ("E003", "contamination", W, "reply shares a 13-word passage with an evaluation answer",
     "a paragraph of a test answer inside a longer reply"),
    ("E004", "contamination", INFO, "evaluation file lines that are not items (not compared)",
     "a line of EVAL.jsonl that is not JSON"),
]

CODES = register_codes("contamination", TABLE)
