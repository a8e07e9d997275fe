"""Regenerate the bundled sample datasets in resources/samples/ (deterministic).

    python scripts/make_samples.py
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from datagen.synth import chat_example, chat_lines, foreign_example, near_variant

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"

QUESTIONS = iter([
    "Can I change the delivery address of order 48213?",
    "Why was I charged twice for my subscription this month?",
    "How do I pair the new headset with my laptop over Bluetooth?",
    "The printer shows error E-41 after the firmware update. What now?",
    "Is the warranty still valid if I bought the monitor second hand?",
    "Can I export my calendar to a CSV file?",
    "My voucher code says it expired, but the email says it is valid until June.",
    "How long does a refund take to reach my card?",
])


def U() -> dict[str, str]:  # noqa: N802 - reads like the constant it stands for
    return {"role": "user", "content": next(QUESTIONS)}


A = {"role": "assistant", "content": "Yes: open the order, choose Edit address, then save."}

DEFECTS = [
    # what goes wrong in real files, one of each
    b'{"messages": [{"role": "user", "content": "Where is my refund?"}, '
    b'{"role": "assistant", "content": "It is on its way."},]}',
    orjson.dumps({"messages": [U(), {"role": "assistant", "content": A["content"],
                                   "weight": 0.5}]}),
    orjson.dumps({"messages": [{"role": "user", "content": "hello?"}]}),
    orjson.dumps({"messages": [U(), {"role": "Assistant", "content": A["content"]}]}),
    orjson.dumps({"messages": [U(), {"role": "assistant", "tool_calls": [{
        "id": "call_1", "type": "function",
        "function": {"name": "lookup_order", "arguments": {"order_id": "48213"}}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"status\": \"packed\"}"},
        A]}),
    orjson.dumps({"messages": [U(), {"role": "assistant", "content": ""}]}),
    b"",
    orjson.dumps({"messages": [U(), A], "source": "zendesk-export"}),
    orjson.dumps({"messages": [U(), U(), A]}),
]


def main() -> None:
    rng = random.Random(2026)
    lines = list(chat_lines(300, seed=2026))
    copies = [lines[10], lines[42] + b" "]  # an exact copy, and one with trailing space
    base = chat_example(random.Random(5))
    twins = [orjson.dumps(base), orjson.dumps(near_variant(base, rng)),
             orjson.dumps(near_variant(base, rng, edits=2))]
    foreign = [orjson.dumps(foreign_example("de")), orjson.dumps(foreign_example("fr"))]
    for defect in DEFECTS + copies + twins + foreign:
        lines.insert(rng.randrange(len(lines)), defect)
    (SAMPLES / "support_chats.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    clean = list(chat_lines(120, seed=7))
    (SAMPLES / "clean_chats.jsonl").write_bytes(b"\n".join(clean) + b"\n")


if __name__ == "__main__":
    main()
