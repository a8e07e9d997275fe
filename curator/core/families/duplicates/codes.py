"""The duplicates family's finding codes: exact duplicates, conflicting answers,
near duplicates."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

W = Severity.WARNING

TABLE: list[CodeRow] = [
    ("D001", "duplicate", W, "exact duplicate of another example (whitespace ignored)",
     "the same conversation on lines 12 and 80"),
    ("D002", "duplicate", W, "same prompt, different answer (conflicting targets)",
     "one question answered two ways"),
    ("N001", "near-duplicate", W, "near-duplicate of other examples (MinHash, Jaccard >= 0.8)",
     "the same answer with two words changed"),
]

CODES = register_codes("duplicates", TABLE)
