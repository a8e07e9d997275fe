"""Regenerate the bundled sample datasets in resources/samples/ (deterministic).

    python scripts/make_samples.py
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from curator.core.synth import chat_lines

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"

U = {"role": "user", "content": "Can I change the delivery address of order 48213?"}
A = {"role": "assistant", "content": "Yes: open the order, choose Edit address, save."}

DEFECTS = [
    # what goes wrong in real files, one of each
    b'{"messages": [{"role": "user", "content": "Where is my refund?"}, '
    b'{"role": "assistant", "content": "It is on its way."},]}',
    orjson.dumps({"messages": [U, {"role": "assistant", "content": A["content"],
                                   "weight": 0.5}]}),
    orjson.dumps({"messages": [{"role": "user", "content": "hello?"}]}),
    orjson.dumps({"messages": [U, {"role": "Assistant", "content": A["content"]}]}),
    orjson.dumps({"messages": [U, {"role": "assistant", "tool_calls": [{
        "id": "call_1", "type": "function",
        "function": {"name": "lookup_order", "arguments": {"order_id": "48213"}}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"status\": \"packed\"}"},
        A]}),
    orjson.dumps({"messages": [U, {"role": "assistant", "content": ""}]}),
    b"",
    orjson.dumps({"messages": [U, A], "source": "zendesk-export"}),
    orjson.dumps({"messages": [U, U, A]}),
]


def main() -> None:
    rng = random.Random(2026)
    lines = list(chat_lines(300, seed=2026))
    for defect in DEFECTS:
        lines.insert(rng.randrange(len(lines)), defect)
    (SAMPLES / "support_chats.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    clean = list(chat_lines(120, seed=7))
    (SAMPLES / "clean_chats.jsonl").write_bytes(b"\n".join(clean) + b"\n")


if __name__ == "__main__":
    main()
