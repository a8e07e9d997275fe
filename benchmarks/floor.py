"""The two baselines every speed target is set against, on the same file:

- the **floor**: one core reading the file with the standard library's ``json`` and running
  tiktoken's ``encode_ordinary`` (o200k_base, the default target's encoding) over every
  message's text (role, content, name, tool-call name and arguments);
- the **cookbook**: OpenAI's "Data preparation and analysis for chat model fine-tuning"
  notebook, implemented from its description: load every line with ``json``, count format
  errors (types, missing messages, keys, roles, content, a missing assistant reply), count
  tokens per example with cl100k_base (3 per message, every string value, 1 per name, 3 to
  prime), assistant tokens, messages, missing system and user messages, the distributions
  (min, max, mean, median, p5, p95), examples over 16,385 tokens, and the billed tokens and
  epochs. (The notebook encodes every value of a message and would fail on a non-string such
  as a `weight`; here only strings are encoded.)
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from curator.core.families.tokens.counter import get_encoding

KNOWN_KEYS = ("role", "content", "name", "function_call", "weight")
KNOWN_ROLES = ("system", "user", "assistant", "function")


def floor(path: Path) -> int:
    """One core: json + encode_ordinary over every message's text; returns the tokens."""
    encode = get_encoding("o200k_base").encode_ordinary
    total = 0
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            for message in json.loads(line).get("messages") or ():
                for value in (message.get("role"), message.get("content"), message.get("name")):
                    if isinstance(value, str):
                        total += len(encode(value))
                for call in message.get("tool_calls") or ():
                    function = call.get("function") or {}
                    for value in (function.get("name"), function.get("arguments")):
                        if isinstance(value, str):
                            total += len(encode(value))
    return total


def _format_errors(dataset: list[Any]) -> dict[str, int]:
    errors: dict[str, int] = defaultdict(int)
    for ex in dataset:
        if not isinstance(ex, dict):
            errors["data_type"] += 1
            continue
        messages = ex.get("messages", None)
        if not messages:
            errors["missing_messages_list"] += 1
            continue
        for message in messages:
            if "role" not in message or "content" not in message:
                errors["message_missing_key"] += 1
            if any(k not in KNOWN_KEYS for k in message):
                errors["message_unrecognized_key"] += 1
            if message.get("role", None) not in KNOWN_ROLES:
                errors["unrecognized_role"] += 1
            content = message.get("content", None)
            if (not content and not message.get("function_call")) or not isinstance(
                    content, str):
                errors["missing_content"] += 1
        if not any(m.get("role", None) == "assistant" for m in messages):
            errors["example_missing_assistant_message"] += 1
    return dict(errors)


def cookbook(path: Path) -> dict[str, Any]:
    """OpenAI's data-preparation procedure over ``path``; returns what it would print."""
    with path.open(encoding="utf-8") as stream:
        dataset = [json.loads(line) for line in stream]
    errors = _format_errors(dataset)
    encode = get_encoding("cl100k_base").encode
    convo, assistant, n_messages = [], [], []
    missing_system = missing_user = 0
    for ex in dataset:
        messages = ex.get("messages") or []
        missing_system += not any(m.get("role") == "system" for m in messages)
        missing_user += not any(m.get("role") == "user" for m in messages)
        n_messages.append(len(messages))
        tokens = 3
        mine = 0
        for message in messages:
            tokens += 3
            for key, value in message.items():
                if isinstance(value, str):
                    tokens += len(encode(value))
                if key == "name":
                    tokens += 1
            if message.get("role") == "assistant" and isinstance(message.get("content"), str):
                mine += len(encode(message["content"]))
        convo.append(tokens)
        assistant.append(mine)
    stats = {name: _distribution(values) for name, values in (
        ("messages", n_messages), ("tokens", convo), ("assistant", assistant))}
    billed = sum(min(16385, n) for n in convo)
    epochs = 3 if 100 <= len(dataset) * 3 <= 25000 else (
        min(25, 100 // max(1, len(dataset))) if len(dataset) * 3 < 100
        else max(1, 25000 // len(dataset)))
    return {"errors": errors, "missing_system": missing_system, "missing_user": missing_user,
            "distributions": stats, "too_long": sum(n > 16385 for n in convo),
            "billed_tokens": billed, "epochs": epochs}


def _distribution(values: list[int]) -> dict[str, float]:
    data = np.asarray(values, dtype=float)
    if not data.size:
        return {}
    p5, median, p95 = np.quantile(data, [0.05, 0.5, 0.95])
    return {"min": data.min(), "max": data.max(), "mean": data.mean(), "median": median,
            "p5": p5, "p95": p95}
