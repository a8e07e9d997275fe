"""Background tasks: the check's worker processes end as soon as the rows are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.core.api import Dataset
from curator.core.engine import pipeline, pool
from curator.core.engine.settings import default_settings
from curator.gui.workers import FILE_STAGE, check_task
from datagen.synth import write_chat_file


def test_the_workers_end_before_the_conclusion_over_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conclusion over the whole file (duplicates across it) runs in the app's process
    and is its memory peak: the workers, idle by then, must not hold theirs beside it
    (issue 21: app plus workers peaked with both)."""
    path = tmp_path / "chats.jsonl"
    write_chat_file(str(path), 400, seed=5)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 32_768)  # a few chunks
    settings = default_settings(workers=2)  # on the pool, though the file is small
    stages: list[tuple[str, bool]] = []
    task = check_task(Dataset([], path), [], settings, str(path))
    task.signals.progress.connect(
        lambda done, total, stage: stages.append((stage, pool._EXECUTOR is not None)))
    results: list[object] = []
    task.signals.finished.connect(results.append)
    task.run()  # in this thread: the signals arrive at once
    assert results and results[0] is not None
    assert ("checking rows", True) in stages  # the rows were checked on the workers
    assert stages[stages.index((FILE_STAGE, False)) - 1][0] == "checking rows"
    assert all(not alive for stage, alive in stages if stage != "checking rows")
