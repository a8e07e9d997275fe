"""A messy file: every kind of defect, each on its own line, mixed into valid examples."""

from __future__ import annotations

import random

import orjson

from datagen.synth import chat_lines

U = {"role": "user", "content": "Where is my parcel?"}
A = {"role": "assistant", "content": "It ships tomorrow."}
CALL = {"id": "c1", "type": "function", "function": {"name": "track", "arguments": "{}"}}
TRACK = [{"type": "function", "function": {"name": "track", "parameters": {
    "type": "object", "properties": {"parcel": {"type": "integer"}}, "required": ["parcel"],
    "additionalProperties": False}}}]
S = {"role": "system", "content": "Be brief."}


def _call(name: str, arguments: str, call_id: str = "c1") -> dict[str, object]:
    return {"role": "assistant", "tool_calls": [
        {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}]}


def _result(call_id: str = "c1") -> dict[str, object]:
    return {"role": "tool", "tool_call_id": call_id, "content": "in transit"}


def _j(value: object) -> bytes:
    return orjson.dumps(value)


def _m(*messages: object, **top: object) -> bytes:
    return _j({"messages": list(messages), **top})


# (line bytes, the error code it must get)
BAD_LINES: list[tuple[bytes, str]] = [
    (b'{"messages": [{"role": "user", "content": "caf\xe9"}]}', "J001"),
    (b'{"messages": [{"role": "user", "content": "hi"},]}', "J002"),
    (b'{"messages": [{"role": "user", "content": "hi"}', "J002"),
    (b"NaN", "J002"),
    (b'["user", "hi"]', "J003"),
    (b'"just a string"', "J003"),
    (b"[" * 5000 + b"]" * 5000, "J004"),
    (b'{"messages": ' + b"[" * 3000 + b"]" * 3000 + b"}", "J004"),
    (_j({"conversation": [U, A]}), "S001"),
    (_m(), "S002"),
    (_j({"messages": "hello"}), "S002"),
    (_m("hello", A), "S003"),
    (_m({"content": "no role"}, A), "S004"),
    (_m({"role": "bot", "content": "hi"}, A), "S004"),
    (_m({"role": "user", "content": "hi", "text": "dup"}, A), "S006"),
    (_m({"role": "user", "content": 42}, A), "S007"),
    (_m({"role": "user"}, A), "S007"),
    (_m({"role": "user", "content": None}, A), "S007"),
    (_m({"role": "user", "content": [{"type": "text", "txt": "hi"}]}, A), "S008"),
    (_m({"role": "user", "content": [{"type": "audio", "data": "x"}]}, A), "S008"),
    (_m(U, {"role": "assistant", "content": [
        {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}), "S009"),
    (_m({"role": "user", "content": ""}, A), "S010"),
    (_m({"role": "user", "content": "   "}, A), "S010"),
    (_m(U, {"role": "assistant", "content": ""}), "S010"),
    (_m({"role": "user", "content": "hi", "name": 7}, A), "S011"),
    (_m({"role": "user", "content": "hi", "weight": 1}, A), "S012"),
    (_m(U, {"role": "assistant", "content": "ok", "weight": 0.5}), "S013"),
    (_m(U, {"role": "assistant", "content": "ok", "weight": 2}), "S013"),
    (_m(U, {"role": "assistant", "tool_calls": [{"id": "c1"}]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S014"),
    (_m(U, {"role": "assistant", "tool_calls": [{**CALL, "type": "retrieval"}]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S014"),
    (_m(U, {"role": "assistant", "tool_calls": [
        {**CALL, "function": {"name": "track", "arguments": {"id": 1}}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S015"),
    (_m(U, {"role": "assistant", "tool_calls": [
        {**CALL, "function": {"name": "track", "arguments": "{bad json"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S015"),
    (_m(U, {"role": "assistant", "tool_calls": [
        {**CALL, "function": {"name": "track", "arguments": "[1, 2]"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S015"),
    (_m(U, {"role": "assistant", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "c9", "content": "x"}, A), "S016"),
    (_m(U, {"role": "assistant", "tool_calls": [CALL]},
        {"role": "tool", "content": "x"}, A), "S016"),
    (_m(U, {"role": "assistant", "content": None}), "S017"),
    (_m(U, {"role": "assistant"}), "S017"),
    (_m({"role": "system", "content": "be nice"}, U), "S018"),
    (_m(U, A, tools=[{"name": "track"}]), "S019"),
    (_m(U, A, tools=[{"type": "function", "function": {
        "name": "track", "parameters": {"type": "string"}}}]), "S019"),
    (_m(U, A, tools="track"), "S019"),
    (_m(U, A, parallel_tool_calls="yes"), "S020"),
    (_m(U, {"role": "assistant", "tool_calls": [CALL, CALL]},
        {"role": "tool", "tool_call_id": "c1", "content": "x"}, A), "S022"),
    (_m({"role": "user", "content": "hi", "tool_calls": [CALL]}, A), "S014"),
    (_m({"role": "user", "content": "Where is it?<|endoftext|>"}, A), "K001"),
    (_m(U, _call("cancel", '{"parcel": 1}'), _result(), A, tools=TRACK), "U001"),
    (_m(U, _call("track", '{"parcel": "one"}'), _result(), A, tools=TRACK), "U003"),
    (_m(U, A, tools=[{"type": "function", "function": {"name": "track", "parameters": {
        "type": "object", "required": "parcel"}}}]), "U004"),
    (_m(U, _call("track", '{"parcel": 1}'), U, A, tools=TRACK), "U005"),
    (_m(U, _call("track", '{"parcel": 1}'), _result(), _result(), A, tools=TRACK), "U006"),
    (_m(U, {"role": "assistant", "tool_calls": [
        CALL | {"function": {"name": "track", "arguments": '{"parcel": 1}'}},
        CALL | {"id": "c2", "function": {"name": "track", "arguments": '{"parcel": 2}'}}]},
        _result(), _result("c2"), A, tools=TRACK, parallel_tool_calls=False), "U007"),
]

# (line bytes, the warning code it must get, and no error)
WARN_LINES: list[tuple[bytes, str]] = [
    (_m(U, U, A), "C001"),
    (_m(U, A, {"role": "system", "content": "late"}, U, A), "C002"),
    (_m(U, A, U), "C003"),
    (_m(U, {"role": "assistant", "content": "x", "weight": 0}), "C004"),
    (_m(U, A, source="crm"), "S021"),
    (_m(U, {"role": "function", "name": "track", "content": "{}"}, A), "S005"),
    (_m(S, A), "C005"),
    (_m(S, A, U, A), "C006"),
    (_m(U, {"role": "assistant", "content": "[INST] Done. [/INST]"}), "K002"),
    (_m(U, _call("track", '{"parcel": 1}'), _result(), A), "U002"),
    (b"", "J005"),
    (b"   \t", "J005"),
]


def messy_file(valid: int = 400, seed: int = 7) -> tuple[bytes, dict[int, str], dict[int, str]]:
    """File bytes, {line: error code}, {line: warning code}; valid lines get neither."""
    rng = random.Random(seed)
    lines: list[tuple[bytes, str | None, str | None]] = [
        (line, None, None) for line in chat_lines(valid, seed)
    ]
    for bad, code in BAD_LINES:
        lines.insert(rng.randrange(len(lines) + 1), (bad, code, None))
    for warn, code in WARN_LINES:
        lines.insert(rng.randrange(len(lines) + 1), (warn, None, code))
    errors = {i + 1: c for i, (_, c, _) in enumerate(lines) if c}
    warnings = {i + 1: w for i, (_, _, w) in enumerate(lines) if w}
    eols = [rng.choice([b"\n", b"\n", b"\r\n"]) for _ in lines]
    data = b"".join(line + eol for (line, _, _), eol in zip(lines, eols, strict=True))
    return data, errors, warnings
