"""The examples table model: Qt's model tester, sorting and filtering on real data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from curator.core.model.findings import Severity
from curator.core.model.resources import resource_path
from curator.gui.examples_model import FIRST, LINE, STATUS, TOKENS, VALUE_ROLE, Filter
from curator.gui.main_window import MainWindow
from curator.gui.table_columns import SORT_BYTES
from tests.gui.conftest import SAMPLE_ROWS, wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester,
                                       window: MainWindow) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    model = window.examples.model
    assert model.rowCount() == SAMPLE_ROWS
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    model.sort(TOKENS, Qt.SortOrder.DescendingOrder)
    model.set_filter(Filter(only_problems=True))
    assert 0 < model.rowCount() < SAMPLE_ROWS
    window.examples.select_index(5)
    window.delete_example()
    window.document.undo.undo()
    model.set_filter(Filter())
    assert model.rowCount() == SAMPLE_ROWS


def test_sort_by_tokens_and_status(qtbot: QtBot, window: MainWindow) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    model = window.examples.model
    model.sort(TOKENS, Qt.SortOrder.DescendingOrder)
    tokens = [model.data(model.index(r, TOKENS), VALUE_ROLE) for r in range(model.rowCount())]
    numbers = [t for t in tokens if t is not None]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 300
    model.sort(STATUS, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, STATUS)) == "error"
    model.sort(LINE, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, LINE), VALUE_ROLE) for r in range(3)] == [1, 2, 3]


def test_filters_agree_with_the_findings(qtbot: QtBot, window: MainWindow) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    model = window.examples.model
    findings = window.document.workspace.all_findings()
    model.set_filter(Filter(severity=Severity.ERROR))
    error_lines = sorted({f.line for f in findings if f.severity is Severity.ERROR})
    assert [model.data(model.index(r, LINE), VALUE_ROLE)
            for r in range(model.rowCount())] == error_lines
    model.set_filter(Filter(check="language"))
    assert model.rowCount() == len({f.line for f in findings if f.check == "language"}) > 0
    model.set_filter(Filter(text="voucher"))
    assert 0 < model.rowCount() < SAMPLE_ROWS
    for r in range(model.rowCount()):
        index = model.dataset_index(r)
        assert b"voucher" in window.document.workspace.dataset.rows[index].raw.lower()


def test_rows_read_while_the_table_filters_are_each_shown_once(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The table takes in rows being read every 100 ms (not after every read), and filters
    changed while the file loads leave each row shown once (the race itself: below)."""
    import numpy as np

    from datagen.synth import write_chat_file

    path = tmp_path / "big.jsonl"
    write_chat_file(str(path), 20_000, seed=8)
    model = window.examples.model
    notices: list[int] = []
    window.document.rows_appended.connect(lambda first, count: notices.append(count))
    window.files.open(path)
    toggled = 0
    while window.document.loading:
        qtbot.wait(15)
        if toggled < 6:  # typing in the filter box while the file loads
            model.set_filter(Filter(text="router") if toggled % 2 == 0 else Filter())
            toggled += 1
    model.set_filter(Filter())
    wait_checked(qtbot, window)
    assert model.rowCount() == 20_000
    assert np.array_equal(np.sort(model.order), np.arange(20_000))  # each row once
    assert sum(notices) == 20_000 and len(notices) < 20_000 // 500  # fewer notices than reads


def test_rows_are_taken_in_a_batch_at_a_time_as_they_are_read(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    """What the table keeps of each row (its sort texts and counts) is taken a read batch at
    a time, inside the read slice's time, not all at a 100 ms notice: a notice covering
    thousands of rows stalled the window for as long as it took (issue 21, reading)."""
    import numpy as np

    from curator.gui.document import READ_BATCH
    from curator.gui.table_columns import RowFacts
    from datagen.synth import write_chat_file

    path = tmp_path / "big.jsonl"
    write_chat_file(str(path), 5_000, seed=8)
    taken: list[int] = []
    take = RowFacts.take

    def counted(facts: RowFacts, keys: Any, rows: Any) -> None:
        keys = list(keys)
        taken.append(len(keys))
        take(facts, keys, rows)

    monkeypatch.setattr(RowFacts, "take", counted)
    window.files.open(path)
    wait_checked(qtbot, window)
    assert sum(taken) == 5_000 and max(taken) <= READ_BATCH
    facts = window.examples.model.facts
    keys = np.arange(1, 5_001)
    assert facts.known.get(keys).all()
    assert (facts.messages.get(keys) > 0).all()
    assert facts.first.get(keys[:1])[0] == window.examples.model.data(
        window.examples.model.index(0, FIRST)).casefold().encode()[:SORT_BYTES]


def test_a_refresh_between_notices_does_not_show_rows_twice(qapp: object) -> None:
    """Rows read after the last notice are taken in by a refresh (a filter change); the next
    notice names them again and must not add them a second time."""
    from curator.core.engine.workspace import Workspace
    from curator.core.model.dataset import Dataset, Row
    from curator.gui.examples_model import ExamplesModel

    rows = [Row.from_value({"messages": [{"role": "user", "content": f"q{i}"}]})
            for i in range(30)]
    workspace = Workspace(Dataset([]))
    model = ExamplesModel(workspace)
    model.set_workspace(workspace)
    workspace.extend_loaded(rows[:10])
    model.rows_appended(0, 10)
    workspace.extend_loaded(rows[10:25])  # read, not yet announced
    model.set_filter(Filter())  # a refresh takes in all 25
    workspace.extend_loaded(rows[25:])
    model.rows_appended(10, 20)  # the notice covers rows 10..29
    assert model.rowCount() == 30
    assert [int(r) for r in model.order] == list(range(30))
