"""Exports are accepted as they are: valid under their own shape, loadable by datasets."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.pipeline import Analysis, finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.export.files import ExportOptions, export, manifest_path, sha256_of
from curator.core.export.writers import TARGET_SHAPE
from curator.core.families.duplicates.clusters import Cluster
from curator.core.families.duplicates.state import DuplicateState
from curator.core.families.protocol import same_line
from curator.core.model.findings import Severity
from datagen.synth import chat_example, chat_lines, near_variant

Messy = tuple[Path, dict[int, str], dict[int, str]]


def duplicates(analysis: Analysis) -> DuplicateState:
    state = analysis.conclusions["duplicates"]
    assert isinstance(state, DuplicateState)
    return state


def clusters(analysis: Analysis) -> list[Cluster]:
    return [group.cluster for group in duplicates(analysis).clusters(same_line)]


def _errors(path: Path, target: str) -> list[str]:
    report = finish(validate_path(path, default_settings(shape=TARGET_SHAPE[target]))).report
    return [f"{f.line}:{f.code}" for f in report.findings
            if f.severity is Severity.ERROR and f.line > 0]


def _load(path: Path, tmp_path: Path) -> Any:
    datasets = pytest.importorskip("datasets")
    return datasets.load_dataset("json", data_files=str(path), split="train",
                                 cache_dir=str(tmp_path / "hf-cache"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("target", ["openai", "trl-messages", "trl-prompt-completion"])
def test_chat_exports_of_a_messy_file_are_clean_and_load(messy: Messy, tmp_path: Path,
                                                        target: str) -> None:
    path, errors, _ = messy
    analysis = finish(validate_path(path))
    out = tmp_path / f"{target}.jsonl"
    manifest = export(path, analysis, out, ExportOptions(target))
    assert _errors(out, target) == []
    excluded = {e["line"] for e in manifest["excluded"]}
    assert set(errors) <= excluded  # every bad line left out, with its reason
    dataset = _load(out, tmp_path)
    assert len(dataset) == manifest["counts"]["written"]["train"] > 350
    assert manifest["outputs"][0]["sha256"] == sha256_of(out)
    assert out.read_bytes().endswith(b"\n") and b"\r" not in out.read_bytes()


def _preference_file(tmp_path: Path) -> Path:
    rng = random.Random(3)
    rows = []
    for _ in range(40):
        example = chat_example(rng)
        prompt = [m for m in example["messages"] if m["role"] in ("system", "user")][:2]
        good = {"role": "assistant", "content": f"Happy to help. {rng.random():.6f} details."}
        bad = {"role": "assistant", "content": f"No idea, sorry. {rng.random():.6f}"}
        rows.append({"input": {"messages": prompt}, "preferred_output": [good],
                     "non_preferred_output": [bad]})
    path = tmp_path / "prefs.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    return path


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_preference_both_ways(tmp_path: Path) -> None:
    source = _preference_file(tmp_path)
    trl = tmp_path / "trl.jsonl"
    export(source, finish(validate_path(source)), trl, ExportOptions("trl-preference"))
    assert _errors(trl, "trl-preference") == []
    back = tmp_path / "back.jsonl"
    export(trl, finish(validate_path(trl)), back, ExportOptions("openai-dpo"))
    assert _errors(back, "openai-dpo") == []
    assert back.read_bytes().splitlines() == source.read_bytes().splitlines()
    assert len(_load(trl, tmp_path)) == 40


def test_chat_cannot_become_preference(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b"\n".join(chat_lines(20)) + b"\n")
    manifest = export(path, finish(validate_path(path)), tmp_path / "o.jsonl",
                      ExportOptions("openai-dpo"))
    assert manifest["counts"]["written"] == {"train": 0}
    assert all("no rejected answer" in e["reason"] for e in manifest["excluded"])


def test_openai_to_trl_and_back_keeps_roles_and_contents(tmp_path: Path) -> None:
    source = tmp_path / "chat.jsonl"
    source.write_bytes(b"\n".join(chat_lines(120, seed=21)) + b"\n")
    trl = tmp_path / "trl.jsonl"
    export(source, finish(validate_path(source)), trl, ExportOptions("trl-messages"))
    back = tmp_path / "back.jsonl"
    forced = default_settings(shape=TARGET_SHAPE["trl-messages"])
    export(trl, finish(validate_path(trl, forced)), back,
           ExportOptions("openai"))

    def roles_contents(path: Path) -> list[list[tuple[str, Any]]]:
        return [[(m["role"], m.get("content")) for m in orjson.loads(line)["messages"]]
                for line in path.read_bytes().splitlines()]

    assert roles_contents(back) == roles_contents(source)
    calls = [m["tool_calls"] for line in trl.read_bytes().splitlines()
             for m in orjson.loads(line)["messages"] if "tool_calls" in m]
    assert calls and all(isinstance(c[0]["function"]["arguments"], dict) for c in calls)
    back_calls = [m["tool_calls"] for line in back.read_bytes().splitlines()
                  for m in orjson.loads(line)["messages"] if "tool_calls" in m]
    assert all(isinstance(c[0]["function"]["arguments"], str) for c in back_calls)


def test_split_keeps_clusters_on_one_side(tmp_path: Path) -> None:
    rng = random.Random(8)
    lines = list(chat_lines(400, seed=30))
    for i in rng.sample(range(400), 60):  # 60 near-duplicate pairs and a few triples
        lines.append(orjson.dumps(near_variant(orjson.loads(lines[i]), rng)))
    rng.shuffle(lines)
    source = tmp_path / "dups.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    analysis = finish(validate_path(source))
    near = [c for c in clusters(analysis) if c.kind == "near"]
    assert len(near) >= 50
    out = tmp_path / "data.jsonl"
    manifest = export(source, analysis, out, ExportOptions("openai", split=0.2, seed=5))
    train = set(out.with_name("data.train.jsonl").read_bytes().splitlines())
    validation = set(out.with_name("data.validation.jsonl").read_bytes().splitlines())
    assert abs(len(validation) - 0.2 * (len(train) + len(validation))) <= 3
    by_line = dict(enumerate(source.read_bytes().splitlines(), 1))
    for cluster in clusters(analysis):
        sides = {by_line[line] in validation for line in cluster.lines}
        assert len(sides) == 1, f"cluster {cluster.id} straddles the split"
    assert manifest_path(out).exists()
    again = export(source, analysis, tmp_path / "again.jsonl",
                   ExportOptions("openai", split=0.2, seed=5))
    assert [o["sha256"] for o in again["outputs"]] == [o["sha256"] for o in manifest["outputs"]]


def test_drop_duplicates_and_limits_are_counted(tmp_path: Path, messy: Messy) -> None:
    source = tmp_path / "d.jsonl"
    lines = list(chat_lines(100, seed=2))
    source.write_bytes(b"\n".join([*lines, lines[3], lines[7]]) + b"\n")
    analysis = finish(validate_path(source, default_settings(drop_duplicates=True)))
    manifest = export(source, analysis, tmp_path / "o.jsonl", ExportOptions("openai"))
    assert manifest["counts"]["written"]["train"] == 100
    assert manifest["counts"]["excluded_by_reason"] == {"duplicate": 2}
    assert {e["line"] for e in manifest["excluded"]} == {101, 102}
