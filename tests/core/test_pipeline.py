from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.engine import chunks, pipeline
from curator.core.engine.pipeline import finish, validate_dataset, validate_path
from curator.core.engine.settings import default_settings
from curator.core.model.dataset import Dataset
from curator.core.model.jsonl import chunk_bounds
from datagen.synth import write_chat_file


@pytest.mark.parametrize("taper", [0, 20_000, 10**9])
def test_chunks_cover_the_file_and_end_on_newlines(tmp_path: Path, taper: int) -> None:
    path = tmp_path / "f.jsonl"
    write_chat_file(str(path), 300, seed=3)
    data = path.read_bytes()
    bounds = chunk_bounds(path, len(data), chunk=5000, taper=taper)
    assert len(bounds) > 10
    assert bounds[0][0] == 0 and bounds[-1][1] == len(data)
    for (_, end), (start, _) in itertools.pairwise(bounds):
        assert end == start and data[end - 1 : end] == b"\n"
    sizes = [end - start for start, end in bounds[:-1]]  # the last one is what is left
    start, end = bounds[-1]
    quarter = [s for s in sizes if s < 5000 * 0.9]
    if taper == 0:
        assert not quarter  # every chunk ends at the first newline after 5000 bytes
    elif taper == 20_000:  # the last ~20 kB in quarter chunks, the rest full size
        assert sizes[-len(quarter):] == quarter
        assert 20_000 - 5000 <= sum(quarter) + (end - start) <= 20_000 + 5000
    else:
        assert len(quarter) == len(sizes)


def test_worker_processes_give_the_same_report_as_one_process(
    messy: tuple[Path, dict[int, str], dict[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = messy
    single = finish(validate_path(path, default_settings(workers=1))).report
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 4096)
    parallel = finish(validate_path(path, default_settings(workers=2))).report
    chunked = finish(validate_path(path, default_settings(workers=1))).report
    assert single == parallel == chunked
    assert len(single.findings) > 50


@pytest.mark.parametrize("batch", [1, 7])
def test_rows_checked_family_by_family_give_the_report_row_by_row_gives(
    messy: tuple[Path, dict[int, str], dict[int, str]], monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    """Batches of rows are checked one family after another; a batch of one row is the old
    way, every family on each row in turn: the findings, metrics and conclusions agree."""
    path, _, _ = messy
    whole = finish(validate_path(path, default_settings(workers=1)))
    monkeypatch.setattr(chunks, "BATCH_ROWS", batch)
    small = finish(validate_path(path, default_settings(workers=1)))
    assert small.report == whole.report and len(whole.report.findings) > 50
    assert small.columns.to_pandas().equals(whole.columns.to_pandas())
    assert sorted(map(repr, small.row_findings)) == sorted(map(repr, whole.row_findings))


def test_dataset_validation_matches_file_validation(
    messy: tuple[Path, dict[int, str], dict[int, str]],
) -> None:
    path, _, _ = messy
    assert (
        finish(validate_dataset(Dataset.open(path))).report == finish(validate_path(path)).report
    )


def test_progress_reaches_the_end_and_stopping_early_cancels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.jsonl"
    write_chat_file(str(path), 400, seed=1)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 10_000)
    steps = list(validate_path(path, default_settings(workers=1)))
    assert len(steps) > 5
    assert steps[-1].done == steps[-1].total == path.stat().st_size
    run = validate_path(path, default_settings(workers=2))
    first = next(run)
    run.close()  # cancel: no exception, pending chunks are dropped
    assert first.done < first.total


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(max_size=60), max_size=12))
def test_no_bytes_make_validation_crash(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    report = finish(validate_path(path)).report
    for finding in report.findings:
        assert finding.message and finding.code


def test_checks_in_two_threads_at_once_do_not_disturb_each_other() -> None:
    """The app counts tokens for the cost view while another check finds duplicates."""
    import threading

    from curator.core.model.resources import resource_path

    sample = resource_path("samples/support_chats.jsonl")
    alone = finish(validate_path(sample)).report.findings
    results: list[object] = []

    def tokens_only() -> None:
        for _ in range(5):
            finish(validate_path(sample, only=("tokens",)))

    other = threading.Thread(target=tokens_only)
    other.start()
    for _ in range(5):
        results.append(finish(validate_path(sample)).report.findings)
    other.join()
    assert all(found == alone for found in results)
    assert any(f.code == "N001" for f in alone)
