"""Every finding code: its check family, default severity, what it means and an example.

Codes are stable, like ruff's: a letter for the family and three digits. The README's table
is generated from this registry (``curator-cli codes --markdown``) and a test keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.model.findings import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    check: str
    severity: Severity
    title: str
    example: str


_TABLE: list[tuple[str, str, Severity, str, str]] = [
    # json: the bytes of the line
    ("J001", "json", E, "line is not valid UTF-8", "a Latin-1 byte 0xe9 in a line"),
    ("J002", "json", E, "line is not valid JSON", '{"messages": [}'),
    ("J003", "json", E, "line is JSON but not an object", '["user", "hi"]'),
    ("J004", "json", E, "JSON nested too deeply", "[[[[ ... 2000 levels ... ]]]]"),
    ("J005", "json", W, "blank line (not an example)", "an empty line between examples"),
    ("J006", "json", W, "file starts with a UTF-8 byte order mark", "EF BB BF before line 1"),
    # schema: the shape of one example
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
    ("S016", "schema", E, "tool message does not answer an earlier tool call",
     '{"role": "tool", "tool_call_id": "nope"}'),
    ("S017", "schema", E, "assistant content missing without tool calls",
     '{"role": "assistant", "content": null}'),
    ("S018", "schema", E, "no assistant message", "only system and user messages"),
    ("S019", "schema", E, "`tools` is not a list of valid function definitions",
     '"tools": [{"name": "f"}]'),
    ("S020", "schema", E, "`parallel_tool_calls` is not a boolean", '"parallel_tool_calls": "yes"'),
    ("S021", "schema", W, "unknown top-level key (will not be exported)", '"source": "crm"'),
    ("S022", "schema", E, "tool call id used twice in one example", "two calls with id c1"),
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
    # token-limit and token-outlier: lengths in tokens
    ("T001", "token-limit", E, "example longer than the target model's token limit",
     "70,000 tokens for gpt-4o-mini (65,536)"),
    ("O001", "token-outlier", W, "example unusually long for this file",
     "9,000 tokens where most have 300"),
    ("O002", "token-outlier", W, "example unusually short for this file",
     "6 tokens where most have 300"),
    ("O003", "token-outlier", W, "assistant reply near-empty (1 or 2 tokens)",
     '{"role": "assistant", "content": "Ok"}'),
    # duplicate and near-duplicate
    ("D001", "duplicate", W, "exact duplicate of another example (whitespace ignored)",
     "the same conversation on lines 12 and 80"),
    ("D002", "duplicate", W, "same prompt, different answer (conflicting targets)",
     "one question answered two ways"),
    ("N001", "near-duplicate", W, "near-duplicate of other examples (MinHash, Jaccard >= 0.8)",
     "the same answer with two words changed"),
    # language
    ("L001", "language", W, "example in a language the dataset is not meant to be in",
     "a German reply in an English dataset"),
    ("L002", "language", Severity.INFO, "too little text to tell the language",
     '{"content": "ok thanks"}'),
    # structure: how the conversation flows
    ("C001", "structure", W, "two messages of the same role in a row", "user, user, assistant"),
    ("C002", "structure", W, "system message that is not first", "user, system, assistant"),
    ("C003", "structure", W, "last message is not from the assistant (nothing to learn)",
     "system, user"),
    ("C004", "structure", W, "every assistant message has weight 0 (nothing is trained)",
     '{"role": "assistant", "weight": 0, ...} only'),
]

CODES: dict[str, Code] = {row[0]: Code(*row) for row in _TABLE}


def make(
    code: str,
    line: int,
    message: str,
    path: str = "",
    *,
    related: tuple[int, ...] = (),
    column: int = 1,
    severity: Severity | None = None,
) -> Finding:
    """Build a finding whose family and default severity come from the registry."""
    spec = CODES[code]
    return Finding(
        line=line,
        code=code,
        check=spec.check,
        severity=severity or spec.severity,
        message=message,
        path=path,
        related=related,
        column=column,
    )


def markdown_table() -> str:
    """The table of codes as it appears in the README."""
    lines = ["| code | check | severity | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for spec in CODES.values():
        example = spec.example.replace("|", "\\|")
        lines.append(
            f"| {spec.code} | {spec.check} | {spec.severity} | {spec.title} | `{example}` |"
        )
    return "\n".join(lines)
