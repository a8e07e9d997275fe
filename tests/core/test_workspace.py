"""The workspace keeps findings current under edits, equal to a fresh full check."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import orjson

from curator.core.engine.pipeline import finish, validate_dataset, validate_path
from curator.core.engine.workspace import Workspace
from curator.core.families.duplicates.state import DuplicateState, Group
from curator.core.model.dataset import Dataset, Row
from curator.core.model.resources import resource_path
from datagen.synth import chat_example, near_variant

SAMPLE = resource_path("samples/support_chats.jsonl")
NOT_EXACT = {"O001", "O002", "L001", "L002"}  # their fences/majority come from the last check


def checked(dataset: Dataset) -> Workspace:
    workspace = Workspace(dataset)
    snapshot, keys = workspace.begin_check()
    workspace.adopt(finish(validate_dataset(snapshot, workspace.settings, keys)))
    return workspace


def fresh(dataset: Dataset) -> list[dict[str, object]]:
    return [f.to_dict() for f in finish(validate_dataset(dataset)).report.findings]


def comparable(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(f["line"], f["code"], f["path"], tuple(f["related"]) if isinstance(
        f["related"], list) else (), f["message"] if f["code"] not in NOT_EXACT else "")
        for f in findings]


def test_adopted_check_equals_the_file_report() -> None:
    workspace = checked(Dataset.open(SAMPLE))
    report = finish(validate_path(SAMPLE)).report
    assert [f.to_dict() for f in workspace.all_findings()] == [
        f.to_dict() for f in report.findings]
    assert sum(workspace.counts().values()) == len(report.findings) > 20


def test_edits_keep_findings_equal_to_a_fresh_check() -> None:
    dataset = Dataset.open(SAMPLE)
    workspace = checked(dataset)
    rng = random.Random(3)
    good = [i for i, row in enumerate(dataset.rows) if row.value and not workspace.findings_at(i)]
    # break a clean row, make a near copy of another, insert an exact copy, delete a row
    broken = copy.deepcopy(dataset.rows[good[0]].value)
    assert broken is not None
    broken["messages"] = [m for m in broken["messages"] if m["role"] != "assistant"]
    workspace.set_value(good[0], broken)
    source = dataset.rows[good[1]].value
    assert source is not None
    workspace.set_value(good[2], near_variant(source, rng, 1))
    workspace.insert(5, Row.from_value(copy.deepcopy(source)))
    workspace.remove(40)
    workspace.set_raw(60, b'{"messages": [')
    got = comparable([f.to_dict() for f in workspace.all_findings()])
    want = comparable(fresh(Dataset(list(dataset.rows), dataset.path, dataset.bom)))
    assert got == want
    codes = {f[1] for f in got}
    assert {"S018", "D001", "J002"} <= codes


def test_undoing_edits_restores_the_report(tmp_path: Path) -> None:
    dataset = Dataset.open(SAMPLE)
    workspace = checked(dataset)
    before = [f.to_dict() for f in workspace.all_findings()]
    old = workspace.set_value(3, chat_example(random.Random(1)))
    row, key = workspace.remove(7)
    workspace.insert(7, row, key)
    workspace.put_row(3, old)
    assert [f.to_dict() for f in workspace.all_findings()] == before


def duplicate_groups(workspace: Workspace) -> list[Group]:
    state = workspace.conclusion("duplicates")
    assert isinstance(state, DuplicateState)
    return state.clusters(workspace.line)


def cluster_id(workspace: Workspace, key: int) -> int:
    state = workspace.conclusion("duplicates")
    assert isinstance(state, DuplicateState)
    return state.cluster_id(key, workspace.line)


def test_deleting_a_copy_removes_the_duplicate_finding() -> None:
    example = chat_example(random.Random(5))
    lines = [orjson.dumps(chat_example(random.Random(100 + i))) for i in range(30)]
    lines[10] = lines[20] = orjson.dumps(example)
    workspace = checked(Dataset.from_bytes(b"\n".join(lines) + b"\n"))
    assert [f.code for f in workspace.findings_at(10)] == ["D001"]
    assert cluster_id(workspace, workspace.keys[20]) == 1
    workspace.remove(20)
    assert workspace.findings_at(10) == []
    assert duplicate_groups(workspace) == []


def test_edits_made_during_a_background_check_are_redone_on_adopt() -> None:
    dataset = Dataset.open(SAMPLE)
    workspace = Workspace(dataset)
    snapshot, keys = workspace.begin_check()
    value = copy.deepcopy(dataset.rows[0].value)
    assert value is not None
    value["messages"] = [m for m in value["messages"] if m["role"] != "assistant"]
    workspace.set_value(0, value)  # while the check runs on the snapshot
    workspace.adopt(finish(validate_dataset(snapshot, workspace.settings, keys)))
    assert "S018" in {f.code for f in workspace.findings_at(0)}


def test_stream_reads_the_same_rows_in_batches() -> None:
    batches = list(Dataset.stream(SAMPLE, batch=50))
    dataset = batches[-1][0]
    assert sum(n for _, n in batches) == len(dataset) == len(Dataset.open(SAMPLE))
    assert b"".join(dataset.iter_bytes()) == Path(SAMPLE).read_bytes()
