"""The tools family's finding codes: tool calls against their definitions and their results.

S016 and S022 were the schema family's; they keep their codes, check and meaning here.
"""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("S016", "schema", E, "tool message does not answer an earlier tool call",
     '{"role": "tool", "tool_call_id": "nope"}'),
    ("S022", "schema", E, "tool call id used twice in one example", "two calls with id c1"),
    ("U001", "tool", E, "call to a function that `tools` does not declare",
     'a call to "cancel_order" with only "get_order" declared'),
    ("U002", "tool", W, "tool calls in an example that declares no `tools`",
     "tool_calls, and no top-level tools"),
    ("U003", "tool", E, "tool call arguments break the function's declared parameters",
     '{"order": "fifty-six"} for a required integer order_id'),
    ("U004", "tool", E, "a function's `parameters` is not a valid JSON Schema",
     '"parameters": {"type": "object", "required": "id"}'),
    ("U005", "tool", E, "tool call left unanswered while the conversation goes on",
     "a call, then a user message, and no tool result"),
    ("U006", "tool", E, "two results for one tool call", 'two tool messages with "c1"'),
    ("U007", "tool", E, "several calls in one turn with `parallel_tool_calls: false`",
     '"parallel_tool_calls": false and two tool_calls'),
]

CODES = register_codes("tools", TABLE)
