"""The structure family's finding codes: how the conversation flows.

The severities here are the `openai` profile's; the trainer profile (``--profile``) sets each
finding's own (profiles.py), the code and its meaning stay the same.
"""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

W = Severity.WARNING

TABLE: list[CodeRow] = [
    ("C001", "structure", W, "two messages of the same role in a row", "user, user, assistant"),
    ("C002", "structure", W, "system message that is not first", "user, system, assistant"),
    ("C003", "structure", W, "last message is not from the assistant (nothing to learn)",
     "system, user"),
    ("C004", "structure", W, "every assistant message has weight 0 (nothing is trained)",
     '{"role": "assistant", "weight": 0, ...} only'),
    ("C005", "structure", W, "no user message", "system, assistant"),
    ("C006", "structure", W, "the first turn after the system prompt is not the user's",
     "system, assistant, user, assistant"),
]

CODES = register_codes("structure", TABLE)
