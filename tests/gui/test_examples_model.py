"""The examples table model: Qt's model tester, sorting and filtering on real data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from curator.core.report import Severity
from curator.core.resources import resource_path
from curator.gui.examples_model import LINE, STATUS, TOKENS, VALUE_ROLE, Filter
from curator.gui.main_window import MainWindow
from tests.gui.conftest import wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester,
                                       window: MainWindow) -> None:
    window.files.open(SAMPLE)
    wait_checked(qtbot, window)
    model = window.examples.model
    assert model.rowCount() == 316
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    model.sort(TOKENS, Qt.SortOrder.DescendingOrder)
    model.set_filter(Filter(only_problems=True))
    assert 0 < model.rowCount() < 316
    window.examples.select_index(5)
    window.delete_example()
    window.document.undo.undo()
    model.set_filter(Filter())
    assert model.rowCount() == 316


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
    assert 0 < model.rowCount() < 316
    for r in range(model.rowCount()):
        index = model.dataset_index(r)
        assert b"voucher" in window.document.workspace.dataset.rows[index].raw.lower()
