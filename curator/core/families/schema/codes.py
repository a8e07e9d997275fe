"""The schema family's finding codes: the shape of one example, and of the
file as a whole. (S016 and S022, about tool call ids, moved to the tools family.)"""

from __future__ import annotations

from curator.core.model.codes import CodeRow, register_codes
from curator.core.model.findings import Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE: list[CodeRow] = [
    ("S000", "schema", E, "example does not match the file's shape", '{"text": "..."}'),
    ("S001", "schema", E, "`messages` is missing", '{"conversation": [...]}'),
    ("S002", "schema", E, "`messages` is not a non-empty list", '{"messages": []}'),
    ("S003", "schema", E, "message is not an object", '{"messages": ["hi"]}'),
    ("S004", "schema", E, "message role missing or unknown", '{"role": "bot", ...}'),
    ("S005", "schema", W, "role `function` is deprecated", '{"role": "function", ...}'),
    ("S006", "schema", E, "unknown key in a message", '{"role": "user", "text": "hi"}'),
    ("S007", "schema", E, "content has the wrong type", '{"role": "user", "content": 42}'),
    ("S008", "schema", E, "content part is malformed", '{"type": "text", "txt": "hi"}'),
    ("S009", "schema", E, "image part outside a user message",
     'assistant content with "image_url"'),
    ("S010", "schema", E, "content is empty", '{"role": "user", "content": ""}'),
    ("S011", "schema", E, "`name` is not a valid string", '{"role": "user", "name": 7, ...}'),
    ("S012", "schema", E, "`weight` on a message that is not from the assistant",
     '{"role": "user", "weight": 0, ...}'),
    ("S013", "schema", E, "`weight` is not 0 or 1", '{"role": "assistant", "weight": 0.5}'),
    ("S014", "schema", E, "tool call is malformed", '{"tool_calls": [{"id": "c1"}]}'),
    ("S015", "schema", E, "tool call `arguments` is not a JSON string of an object",
     '"arguments": {"city": "Paris"}'),
    ("S017", "schema", E, "assistant content missing without tool calls",
     '{"role": "assistant", "content": null}'),
    ("S018", "schema", E, "no assistant message", "only system and user messages"),
    ("S019", "schema", E, "`tools` is not a list of valid function definitions",
     '"tools": [{"name": "f"}]'),
    ("S020", "schema", E, "`parallel_tool_calls` is not a boolean", '"parallel_tool_calls": "yes"'),
    ("S021", "schema", W, "unknown top-level key (will not be exported)", '"source": "crm"'),
    ("S030", "schema", E, "preference `input` is missing or malformed", '"input": "hi"'),
    ("S031", "schema", E, "preference output is not a list of one assistant message",
     '"preferred_output": "yes"'),
    ("S040", "schema", E, "TRL prompt/completion fields missing or of the wrong type",
     '{"prompt": "hi", "completion": 3}'),
    ("S041", "schema", E, "TRL fields mix plain text with conversations",
     '{"prompt": [...], "completion": "hi"}'),
    ("S042", "schema", E, "TRL preference `chosen`/`rejected` missing or of the wrong type",
     '{"chosen": "a"}'),
    ("S090", "schema", E, "too few examples for OpenAI fine-tuning (at least 10)",
     "a file with 6 examples"),
    ("S091", "schema", W, "fewer than 50 examples", "a file with 30 examples"),
    ("S092", "schema", E, "no examples at all", "an empty file, or only blank lines"),
]

CODES = register_codes("schema", TABLE)
