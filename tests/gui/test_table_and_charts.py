"""Sorting and filtering read numpy columns made when rows arrive or change, never the rows
one by one per sort; a large file's text search runs in slices. The charts: a language bar
filters, a bar of a few examples still shows. Hints speak of the app's preferences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from curator.core.model.findings import Severity
from curator.core.model.resources import resource_path
from curator.gui import table_columns, text_search
from curator.gui.examples_model import FIRST, LINE, MESSAGES, STATUS, VALUE_ROLE, Filter
from curator.gui.main_window import MainWindow
from curator.gui.views.stats_view import visible
from curator.gui.wording import for_app
from tests.gui.conftest import SAMPLE_ROWS

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def column(window: MainWindow, which: int) -> list[Any]:
    model = window.examples.model
    return [model.data(model.index(r, which), VALUE_ROLE) for r in range(model.rowCount())]


def test_sorting_reads_the_columns_not_the_rows(opened: MainWindow,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    model = opened.examples.model
    rows = opened.document.workspace.dataset.rows
    want_first = sorted(range(len(rows)), key=lambda i: table_columns.shown_first(
        rows[i]).casefold().encode()[:table_columns.SORT_BYTES])
    want_messages = sorted(range(len(rows)), key=lambda i: table_columns.message_count(
        rows[i].value) if rows[i].value is not None else -1)

    def no(*_: object) -> object:
        raise AssertionError("a sort looked at a row")

    monkeypatch.setattr(table_columns, "shown_first", no)
    monkeypatch.setattr(table_columns, "message_count", no)
    model.sort(FIRST, Qt.SortOrder.AscendingOrder)
    assert [model.dataset_index(r) for r in range(model.rowCount())] == want_first
    model.sort(MESSAGES, Qt.SortOrder.DescendingOrder)
    assert [model.dataset_index(r) for r in range(model.rowCount())] == want_messages[::-1]


def test_filtering_by_severity_is_one_mask_per_version(opened: MainWindow,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    model = opened.examples.model
    workspace = opened.document.workspace
    errors = sorted({f.line for f in workspace.all_findings() if f.severity is Severity.ERROR})
    made: list[int] = []
    derive = table_columns.derive
    monkeypatch.setattr("curator.gui.examples_model.derive",
                        lambda w: made.append(w.version) or derive(w))
    monkeypatch.setattr(type(workspace), "severity_at", lambda *_: pytest.fail("row by row"))
    model.set_filter(Filter(severity=Severity.ERROR))
    assert column(opened, LINE) == errors
    model.set_filter(Filter(only_problems=True))
    model.sort(STATUS, Qt.SortOrder.AscendingOrder)
    assert len(made) <= 1  # one workspace version, one set of columns


def test_a_large_files_text_search_runs_in_slices(qtbot: QtBot, opened: MainWindow,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_search, "AT_ONCE", 50)
    monkeypatch.setattr(text_search, "SLICE_SECONDS", 0.0)  # one batch per event
    model = opened.examples.model
    model.set_filter(Filter(text="refund"))
    assert model.rowCount() == SAMPLE_ROWS  # not filtered yet: the search runs between events
    assert model.search.running
    qtbot.waitUntil(lambda: not model.search.running, timeout=5000)
    lines = column(opened, LINE)
    rows = opened.document.workspace.dataset.rows
    assert lines == [i + 1 for i, row in enumerate(rows) if b"refund" in row.raw.lower()]
    assert 0 < len(lines) < SAMPLE_ROWS


def test_a_language_bar_filters_the_table(opened: MainWindow) -> None:
    next(d for d in opened.analysis_docks if d.windowTitle() == "Statistics").raise_()
    stats = opened.stats
    stats.refresher.now(force=True)
    chart = stats.charts["languages"]
    assert chart.categories is not None and "de" in chart.categories
    stats.select_bin("languages", chart.categories.index("de"))
    assert column(opened, LINE) == [6]
    assert "languages" in stats.note.text()


def test_a_bar_of_one_example_beside_thousands_still_shows() -> None:
    heights = visible(np.array([50_000, 1, 0, 3]))
    assert heights[0] == 50_000 and heights[2] == 0
    assert heights[1] >= 50_000 * 0.01 and heights[3] == heights[1]


def test_hints_name_the_apps_preferences_not_cli_flags(opened: MainWindow) -> None:
    opened.examples.select_index(5)
    texts = [opened.problems.row_list.item(i).text()
             for i in range(opened.problems.row_list.count())]
    assert any("Edit › Preferences › Expected languages" in t for t in texts)
    assert not any("--" in t for t in texts)
    assert "German (de)" in texts[0]
    assert for_app("force a shape with --shape") == "force a shape in Edit › Preferences › Shape"
