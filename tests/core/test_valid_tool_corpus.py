"""10,000 valid tool-calling examples made from real text (datagen/tools.py) give no finding
of the schema, structure, special-token or tools families; the same examples with planted
mistakes give exactly those."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from datagen.tool_schemas import CATALOGUE
from datagen.tools import tool_lines

FAMILIES = ("schema", "structure", "special_tokens", "tools")
N = 10_000


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in tool_lines(N, seed=17)]


def _calls(example: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for m in example["messages"] for c in m.get("tool_calls", ())]


def test_the_corpus_is_varied(corpus: list[dict[str, Any]]) -> None:
    calls = [(c["function"]["name"], orjson.loads(c["function"]["arguments"]))
             for example in corpus for c in _calls(example)]
    names = Counter(name for name, _ in calls)
    assert set(names) == {t["function"]["name"] for t in CATALOGUE}
    assert min(names.values()) > 300
    for tool in CATALOGUE:  # every optional field is both left out and given
        function = tool["function"]
        optional = set(function.get("parameters", {}).get("properties", {})) - set(
            function.get("parameters", {}).get("required", ()))
        given = Counter(key for name, args in calls if name == function["name"] for key in args)
        assert all(0 < given[key] < names[function["name"]] for key in optional), function
    assert any(args.get("attendees") for name, args in calls if name == "create_calendar_event")
    assert sum(1 for e in corpus if not _calls(e)) > 200  # tools declared, none called
    assert sum(1 for e in corpus if e["messages"][-1].get("tool_calls")) > 200  # ends at one
    assert sum(1 for e in corpus if e.get("parallel_tool_calls") is False) > 1000
    assert max(len(m.get("tool_calls", ())) for e in corpus for m in e["messages"]) == 3
    replies = "".join(e["messages"][-1].get("content") or "" for e in corpus)
    assert len({ch for ch in replies if ord(ch) > 0x5FF}) > 500  # Arabic, Devanagari, CJK ...


@pytest.mark.slow
def test_valid_examples_give_no_finding(corpus: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "tools.jsonl"
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in corpus))
    analysis = finish(validate_path(path, default_settings(workers=1), only=FAMILIES))
    assert analysis.report.examples == N
    assert analysis.report.findings == []


@pytest.mark.slow
def test_planted_mistakes_are_found_and_nothing_else(corpus: list[dict[str, Any]],
                                                      tmp_path: Path) -> None:
    examples = [orjson.loads(orjson.dumps(e)) for e in corpus[:2000]]
    planted: dict[int, str] = {}
    for i, example in enumerate(examples):
        calls = _calls(example)
        if i % 50 == 0 and calls and _function(example, calls[0]).get(
                "parameters", {}).get("required"):
            calls[0]["function"]["arguments"] = "{}"  # a required argument missing
            planted[i + 1] = "U003"
        elif i % 50 == 25 and calls:
            calls[0]["function"]["name"] = "not_declared"
            planted[i + 1] = "U001"
        elif i % 50 == 30:
            example["messages"][-1]["content"] = "Done.<|im_end|>"
            example["messages"][-1].pop("tool_calls", None)
            planted[i + 1] = "K002"
    path = tmp_path / "planted.jsonl"
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in examples))
    report = finish(validate_path(path, default_settings(workers=1), only=FAMILIES)).report
    found = {(f.line, f.code) for f in report.findings}
    assert {line for line, _ in found} == set(planted)
    assert all((line, code) in found for line, code in planted.items())


def _function(example: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    name = call["function"]["name"]
    function: dict[str, Any] = next(
        t["function"] for t in example["tools"] if t["function"]["name"] == name)
    return function
