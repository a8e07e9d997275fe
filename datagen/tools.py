"""Valid tool-calling chat examples from real text, deterministic for a seed.

Each example declares a few functions of :data:`datagen.tool_schemas.CATALOGUE` and calls
some of them with arguments made to fit their schemas (optional fields sometimes left out,
arrays of varying length, enum values, ``$ref`` followed); every call is answered by a
`tool` message, and the text (questions, replies, string arguments, results) is real:
sentences of the Universal Declaration of Human Rights in 25 languages
(``tests/data/udhr_25.json``, Apache-2.0). Some examples end at a call (a valid target),
some declare tools and call none, some forbid parallel calls.

    python -m datagen.tools OUT.jsonl N [--seed S] [--tool-share 0.2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from datagen.tool_schemas import CATALOGUE

UDHR = Path(__file__).resolve().parent.parent / "tests" / "data" / "udhr_25.json"
SAMPLES = {"^[A-Z]{3}$": ["CDG", "FRA", "JFK", "NRT", "GRU", "DEL", "SYD", "NBO", "YUL", "IST"]}
NAMES = ["amara", "bo", "chidi", "dilnoza", "eero", "farah", "goran", "hina", "ilse", "jun"]


@cache
def sentences() -> tuple[str, ...]:
    """Real sentences in 25 languages (the UDHR excerpts, split at sentence ends)."""
    texts = json.loads(UDHR.read_text(encoding="utf-8"))["texts"]
    out = []
    for paragraphs in texts.values():
        for paragraph in paragraphs:
            out += [s.strip() for s in re.split(r"(?<=[.!?。।])\s*", paragraph) if len(s) > 12]
    return tuple(out)


def text(rng: random.Random, low: int = 1, high: int = 2) -> str:
    return " ".join(rng.choice(sentences()) for _ in range(rng.randint(low, high)))


class Instances:
    """Values that fit a JSON Schema (the subset the catalogue uses)."""

    def __init__(self, rng: random.Random, root: dict[str, Any]) -> None:
        self.rng = rng
        self.root = root

    def make(self, schema: dict[str, Any]) -> Any:
        rng = self.rng
        if "$ref" in schema:
            node: Any = self.root
            for step in schema["$ref"].lstrip("#/").split("/"):
                node = node[step]
            return self.make(node)
        if "enum" in schema:
            return rng.choice(schema["enum"])
        if "oneOf" in schema:
            return self.make(rng.choice(schema["oneOf"]))
        kind = schema.get("type", "object")
        if isinstance(kind, list):
            kind = rng.choice(kind)
        return getattr(self, f"_{kind}")(schema)

    def _object(self, schema: dict[str, Any]) -> dict[str, Any]:
        required = set(schema.get("required", ()))
        out = {key: self.make(sub) for key, sub in schema.get("properties", {}).items()
               if key in required or self.rng.random() < 0.5}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for _ in range(self.rng.randint(0, 2)):
                out[self.rng.choice(["colour", "size", "engraving"])] = self.make(extra)
        return out

    def _array(self, schema: dict[str, Any]) -> list[Any]:
        low, high = schema.get("minItems", 0), schema.get("maxItems", 4)
        items = [self.make(schema["items"]) for _ in range(self.rng.randint(low, high))]
        if schema.get("uniqueItems"):
            items = [json.loads(i) for i in dict.fromkeys(json.dumps(v) for v in items)]
        return items[:high] if len(items) >= low else self._array(schema)

    def _string(self, schema: dict[str, Any]) -> str:
        rng = self.rng
        if "pattern" in schema:
            return rng.choice(SAMPLES[schema["pattern"]])
        fmt = schema.get("format")
        if fmt == "date":
            return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat()
        if fmt == "date-time":
            return f"{self._string({'format': 'date'})}T{rng.randint(7, 19):02d}:30:00Z"
        if fmt == "email":
            return f"{rng.choice(NAMES)}.{rng.randint(1, 999)}@example.com"
        if fmt == "uri":
            return f"https://example.com/files/{rng.getrandbits(32):08x}.pdf"
        low, high = schema.get("minLength", 0), schema.get("maxLength", 400)
        value = text(rng, 1, 1)[:high]
        return value if len(value) >= low else value + "x" * (low - len(value))

    def _integer(self, schema: dict[str, Any]) -> int:
        return self.rng.randint(schema.get("minimum", 0), schema.get("maximum", 99999))

    def _number(self, schema: dict[str, Any]) -> float:
        return round(self.rng.uniform(0.01, min(schema.get("maximum", 1e6), 5000)), 2)

    def _boolean(self, schema: dict[str, Any]) -> bool:
        return self.rng.random() < 0.5

    def _null(self, schema: dict[str, Any]) -> None:
        return None


def arguments(rng: random.Random, tool: dict[str, Any]) -> dict[str, Any]:
    params = tool["function"].get("parameters")
    if params is None:
        return {}
    value: dict[str, Any] = Instances(rng, params).make(params)
    return value


def _turn(rng: random.Random, tools: list[dict[str, Any]], serial: list[int], calls: int
          ) -> list[dict[str, Any]]:
    """An assistant message with ``calls`` calls, then one result for each."""
    made, results = [], []
    for tool in rng.sample(tools, min(calls, len(tools))):
        serial[0] += 1
        call_id = f"call_{serial[0]:04d}_{rng.getrandbits(24):06x}"
        made.append({"id": call_id, "type": "function", "function": {
            "name": tool["function"]["name"],
            "arguments": orjson.dumps(arguments(rng, tool)).decode()}})
        results.append({"role": "tool", "tool_call_id": call_id, "content": orjson.dumps(
            {"ok": True, "summary": text(rng, 1, 1)}).decode()})
    content = text(rng, 1, 1) if rng.random() < 0.2 else None
    return [{"role": "assistant", "content": content, "tool_calls": made}, *results]


def tool_example(rng: random.Random) -> dict[str, Any]:
    """One valid example that declares tools (and, mostly, calls them)."""
    tools = rng.sample(CATALOGUE, rng.randint(1, 4))
    example: dict[str, Any] = {"messages": [], "tools": tools}
    parallel = rng.random()
    if parallel < 0.15:
        example["parallel_tool_calls"] = False
    elif parallel < 0.25:
        example["parallel_tool_calls"] = True
    most = 1 if example.get("parallel_tool_calls") is False else 3
    messages = example["messages"]
    if rng.random() < 0.6:
        messages.append({"role": "system", "content": text(rng)})
    messages.append({"role": "user", "content": text(rng)})
    serial = [0]
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        messages += _turn(rng, tools, serial, rng.randint(1, most))
    if len(messages) > 2 and rng.random() < 0.1:
        messages.append(_turn(rng, tools, serial, 1)[0])  # ends at a call: a valid target
    else:
        messages.append({"role": "assistant", "content": text(rng, 1, 3)})
    return example


def tool_lines(n: int, seed: int = 0) -> Iterator[bytes]:
    rng = random.Random(seed)
    for _ in range(n):
        yield orjson.dumps(tool_example(rng))


def mixed_lines(n: int, tool_share: float = 0.2, seed: int = 0) -> Iterator[bytes]:
    """``n`` valid examples, ``tool_share`` of them with tools (these), the rest plain support
    chats (datagen.synth, without its own tool examples)."""
    from datagen.synth import chat_example

    rng = random.Random(seed)
    for _ in range(n):
        if rng.random() < tool_share:
            yield orjson.dumps(tool_example(rng))
            continue
        example = chat_example(rng)
        while "tools" in example:
            example = chat_example(rng)
        yield orjson.dumps(example)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tool-share", type=float, default=1.0)
    args = parser.parse_args()
    lines = (tool_lines(args.n, args.seed) if args.tool_share >= 1 else
             mixed_lines(args.n, args.tool_share, args.seed))
    args.out.write_bytes(b"".join(line + b"\n" for line in lines))


if __name__ == "__main__":
    main()
