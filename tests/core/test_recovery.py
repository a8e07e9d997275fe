"""Recovery journals restore unsaved edits, and refuse a source that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curator.core.engine.recovery import (
    RecoveryError,
    journal_info,
    restore_journal,
    write_journal,
)
from curator.core.model.dataset import Dataset, Row
from curator.core.model.resources import resource_path


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data.jsonl"
    shutil.copyfile(resource_path("samples/support_chats.jsonl"), target)
    return target


def test_journal_restores_edits_inserts_and_deletes(copy: Path, tmp_path: Path) -> None:
    dataset = Dataset.open(copy)
    dataset.set_value(2, {"messages": [{"role": "user", "content": "hi"},
                                       {"role": "assistant", "content": "hello"}]})
    dataset.insert(0, Row.from_value({"messages": []}))
    dataset.remove(50)
    dataset.set_raw(9, b'{"broken": ')
    journal = tmp_path / "data.recovery"
    write_journal(journal, dataset, 123.0)
    assert journal.stat().st_size < 2000  # runs of untouched lines, not the whole file
    restored = restore_journal(journal)
    assert list(restored.iter_bytes()) == list(dataset.iter_bytes())
    assert [r.edited for r in restored.rows][:4] == [True, False, False, True]
    info = journal_info(journal)
    assert (info.source, info.rows, info.saved_at) == (copy, len(dataset), 123.0)


def test_journal_refuses_a_changed_source(copy: Path, tmp_path: Path) -> None:
    dataset = Dataset.open(copy)
    dataset.set_value(0, {"messages": []})
    journal = tmp_path / "data.recovery"
    write_journal(journal, dataset, 1.0)
    copy.write_bytes(copy.read_bytes() + b"{}\n")
    with pytest.raises(RecoveryError, match="changed after the unsaved edits"):
        restore_journal(journal)


def test_garbage_is_a_clear_error(tmp_path: Path) -> None:
    journal = tmp_path / "x.recovery"
    journal.write_bytes(b"not json\n")
    with pytest.raises(RecoveryError, match="not a readable recovery journal"):
        restore_journal(journal)
