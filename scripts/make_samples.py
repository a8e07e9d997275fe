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


ORDER_TOOLS = [{"type": "function", "function": {
    "name": "get_order", "description": "Look up an order by its number.",
    "parameters": {"type": "object", "properties": {"order_id": {"type": "integer"}},
                   "required": ["order_id"], "additionalProperties": False}}}]
SYSTEM = {"role": "system", "content": "You are the support assistant of Northwind."}


def _call(name: str, arguments: str, call_id: str = "call_7") -> dict[str, object]:
    return {"role": "assistant", "content": None, "tool_calls": [
        {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}]}


def _result(call_id: str = "call_7") -> dict[str, str]:
    return {"role": "tool", "tool_call_id": call_id, "content": "{\"status\": \"shipped\"}"}


def _say(role: str, text: str) -> dict[str, str]:
    return {"role": role, "content": text}

# the special-token, tools and turn rules: one of each
NEW_DEFECTS = [
    orjson.dumps({"messages": [{"role": "user", "content": (
        "My invoice ends with <|endoftext|> after the total, is that a bug?")}, A]}),
    orjson.dumps({"messages": [{"role": "user", "content": "Can I change my plan mid-month?"},
                               {"role": "assistant", "content": (
        "[INST] Answer politely. [/INST] Yes, you can change it in your account.")}]}),
    orjson.dumps({"messages": [{"role": "user", "content": "Please cancel order 56."},
                               _call("cancel_order", '{"order_id": 56}'), _result(),
                               {"role": "assistant", "content": "Order 56 is cancelled."}],
                  "tools": ORDER_TOOLS}),
    orjson.dumps({"messages": [
        _say("user", "Has my parcel for order 61 left the warehouse yet?"),
        _call("get_order", '{"order_id": 61}'), _result(),
        _say("assistant", "Yes, it left this morning with the courier.")]}),
    orjson.dumps({"messages": [
        _say("user", "When will order fifty-six be delivered to my office?"),
        _call("get_order", '{"order": "fifty-six"}'), _result(),
        _say("assistant", "It is due on Friday before noon.")], "tools": ORDER_TOOLS}),
    orjson.dumps({"messages": [_say("user", "Which courier carries order 72?"), A],
                  "tools": [{"type": "function", "function": {
                      "name": "get_order",
                      "parameters": {"type": "object", "required": "order_id"}}}]}),
    orjson.dumps({"messages": [
        _say("user", "Is order 88 still on hold because of the address?"),
        _call("get_order", '{"order_id": 88}'), _say("user", "Hello? Any news?"),
        _say("assistant", "The hold is lifted; it ships tomorrow.")], "tools": ORDER_TOOLS}),
    orjson.dumps({"messages": [
        _say("user", "Did the replacement for order 93 go out?"),
        _call("get_order", '{"order_id": 93}'), _result(), _result(),
        _say("assistant", "The replacement went out yesterday by express post.")],
        "tools": ORDER_TOOLS}),
    orjson.dumps({"messages": [
        {"role": "user", "content": "Where are orders 56 and 57?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_7", "type": "function",
             "function": {"name": "get_order", "arguments": '{"order_id": 56}'}},
            {"id": "call_8", "type": "function",
             "function": {"name": "get_order", "arguments": '{"order_id": 57}'}}]},
        _result(), _result("call_8"),
        _say("assistant", "Both orders shipped on Monday and arrive together.")],
        "tools": ORDER_TOOLS, "parallel_tool_calls": False}),
    orjson.dumps({"messages": [SYSTEM, {"role": "assistant", "content": (
        "Hello! I can help with orders, returns and invoices.")}]}),
    orjson.dumps({"messages": [SYSTEM, {"role": "assistant", "content": "Hi, how can I help?"},
                               {"role": "user", "content": "Can I pay by bank transfer?"},
                               {"role": "assistant", "content": "Yes: choose Bank transfer at "
                                "checkout and use the reference shown."}]}),
]

# personal data, a secret and a reply stuck in a loop: the pii and repetition families
QUALITY_DEFECTS = [
    orjson.dumps({"messages": [_say("user", (
        "Please send the corrected invoice to maria.lopez@gmail.com, or call me on "
        "+44 20 7123 4567 after five.")), _say("assistant", (
        "Done: the corrected invoice is on its way and our team will call you this evening."))]}),
    orjson.dumps({"messages": [_say("user", (
        "The export script fails with my token ghp_Qm7xT2vLk9RwZ4nB8cJ1hY6pF3sD5gA0eU2i, "
        "what is wrong?")), _say("assistant", (
        "That token has expired: create a new one in Settings, Developer settings."))]}),
    orjson.dumps({"messages": [_say("user", "Why was I charged twice this month?"),
                               _say("assistant", "I understand your frustration. " * 24)]}),
]


def main() -> None:
    rng = random.Random(2026)
    lines = list(chat_lines(300, seed=2026))
    copies = [lines[10], lines[42] + b" "]  # an exact copy, and one with trailing space
    base = chat_example(random.Random(5))
    twins = [orjson.dumps(base), orjson.dumps(near_variant(base, rng)),
             orjson.dumps(near_variant(base, rng, edits=2))]
    foreign = [orjson.dumps(foreign_example("de")), orjson.dumps(foreign_example("fr"))]
    for defect in DEFECTS + copies + twins + foreign + NEW_DEFECTS + QUALITY_DEFECTS:
        lines.insert(rng.randrange(len(lines)), defect)
    (SAMPLES / "support_chats.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    clean = list(chat_lines(120, seed=7))
    (SAMPLES / "clean_chats.jsonl").write_bytes(b"\n".join(clean) + b"\n")


if __name__ == "__main__":
    main()
