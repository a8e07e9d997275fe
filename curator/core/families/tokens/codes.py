"""The tokens family's finding codes: lengths in tokens: over the target's
limit, far from the rest, near-empty replies."""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("T001", "token-limit", E, "example longer than the target model's token limit",
     "70,000 tokens for gpt-4o-mini (65,536)"),
    ("O001", "token-outlier", W, "example unusually long for this file",
     "9,000 tokens where most have 300"),
    ("O002", "token-outlier", W, "example unusually short for this file",
     "6 tokens where most have 300"),
    ("O003", "token-outlier", W, "assistant reply near-empty (1 or 2 tokens)",
     '{"role": "assistant", "content": "Ok"}'),
]

CODES = register_codes("tokens", TABLE)
