"""Duplicates at scale and what makes two examples the same (issue 15, items 11 and 14)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.duplicates import lsh, pairs
from curator.core.families.duplicates.clusters import SHOWN
from curator.core.model.render import render_json
from curator.core.model.resources import resource_path
from datagen.synth import chat_example

EXAMPLE = chat_example(random.Random(5))


def write(tmp_path: Path, values: list[dict[str, object]]) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(v) for v in values) + b"\n")
    return path


def count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = lsh.jaccard

    def counted(a: object, b: object) -> float:
        calls[0] += 1
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(lsh, "jaccard", counted)
    return calls


@pytest.mark.parametrize("copies", [500, 3000])
def test_copies_cost_linear_work_and_findings(tmp_path: Path, copies: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_comparisons(monkeypatch)
    path = write(tmp_path, [EXAMPLE] * copies)
    analysis = finish(validate_path(path, default_settings(workers=1), only=("duplicates",)))
    duplicates = [f for f in analysis.report.findings if f.code == "D001"]
    assert len(duplicates) == copies
    assert calls[0] <= 2 * copies  # each copy is compared with its group's first, once
    assert all(len(f.related) <= SHOWN for f in duplicates)
    assert f"of {copies:,} examples" in duplicates[0].message
    assert f"and {copies - 1 - SHOWN:,} more" in duplicates[0].message
    size = len(render_json([analysis.report]))
    assert size < 1_000 * copies  # about a line of JSON per finding, not one per pair


def test_one_prompt_many_answers_costs_linear_work(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_comparisons(monkeypatch)
    rng = random.Random(3)
    rows = []
    for i in range(3000):
        row = copy.deepcopy(EXAMPLE)
        row["messages"][-1]["content"] = f"Answer {i}: " + " ".join(
            rng.choice(["reset", "router", "cable", "lights", "wait", "again"])
            for _ in range(30))
        rows.append(row)
    analysis = finish(validate_path(write(tmp_path, rows), default_settings(workers=1),
                                    only=("duplicates",)))
    conflicts = [f for f in analysis.report.findings if f.code == "D002"]
    assert len(conflicts) == 3000 and all(len(f.related) <= SHOWN for f in conflicts)
    assert calls[0] <= (pairs.PARTNERS + 1) * 3000


def _codes(tmp_path: Path, rows: list[dict[str, object]]) -> set[str]:
    analysis = finish(validate_path(write(tmp_path, rows), default_settings(workers=1),
                                    only=("duplicates",)))
    return {f.code for f in analysis.report.findings}


def test_examples_that_differ_only_in_an_image_are_not_exact_duplicates(tmp_path: Path) -> None:
    rows = []
    for i in range(12):
        row = copy.deepcopy(EXAMPLE)
        row["messages"].insert(0, {"role": "user", "content": [
            {"type": "text", "text": "Here is the photo."},
            {"type": "image_url", "image_url": {"url": f"https://example.com/{i}.jpg"}}]})
        rows.append(row)
    assert "D001" not in _codes(tmp_path, rows)


def test_examples_that_differ_only_in_their_tools_are_not_exact_duplicates(
        tmp_path: Path) -> None:
    rows = []
    for name in ("lookup_order", "cancel_order"):
        row = copy.deepcopy(EXAMPLE)
        row["tools"] = [{"type": "function", "function": {"name": name, "parameters": {
            "type": "object", "properties": {}}}}]
        rows.append(row)
    assert "D001" not in _codes(tmp_path, rows)


def test_spacing_alone_does_not_make_examples_different(tmp_path: Path) -> None:
    spaced = copy.deepcopy(EXAMPLE)
    spaced["messages"][-1]["content"] = "  " + spaced["messages"][-1]["content"].replace(
        " ", "   \n")
    assert "D001" in _codes(tmp_path, [EXAMPLE, spaced])


def test_rows_without_content_are_nobody_s_duplicates(tmp_path: Path) -> None:
    sharegpt = resource_path("samples/sharegpt.jsonl")  # four different conversations
    report = finish(validate_path(sharegpt, default_settings(workers=1))).report
    assert "D001" not in {f.code for f in report.findings}
    assert "D001" not in _codes(tmp_path, [{"messages": []}, {"messages": []}, {"x": 1}])
