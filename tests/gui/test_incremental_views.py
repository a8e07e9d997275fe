"""Issue 21 item 6: after any edit, what the app shows (the table's tokens and languages, the
cost, the findings) equals a fresh check of the rows as they are now: an invalid row keeps no
old tokens, language or cost, and F5 changes no total."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from curator.core.engine.pipeline import finish, validate_dataset
from curator.core.model.dataset import Dataset, Row
from curator.core.model.resources import resource_path
from curator.gui.examples_model import LANGUAGE, TOKENS, VALUE_ROLE
from curator.gui.main_window import MainWindow
from tests.core.test_workspace import NOT_EXACT, comparable
from tests.gui.conftest import wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))
EDITS = st.lists(st.tuples(st.sampled_from(["break", "type", "copy", "delete", "duplicate",
                                            "undo"]),
                           st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=4)


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> MainWindow:
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    window.files.open(path)
    wait_checked(qtbot, window)
    next(d for d in window.analysis_docks if d.windowTitle() == "Cost").raise_()
    return window


def edit(window: MainWindow, action: str, pick: int) -> None:
    document = window.document
    workspace = document.workspace
    index = pick % len(workspace)
    key = workspace.keys[index]
    if action == "break":  # what typing half a line in Raw JSON leaves
        document.edit_raw(key, workspace.row(key).raw[:40], merge="")
    elif action == "type":  # typing in the Raw JSON tab: valid, then cut short
        window.examples.select_index(index)
        window.tabs.setCurrentWidget(window.raw)
        text = window.raw.text.toPlainText()
        window.raw.text.setPlainText(text.replace('"', "'", 1) if text else "x")
        window.raw.text.setPlainText(text[: len(text) // 2])
    elif action == "copy":
        other = workspace.dataset.rows[(index + 7) % len(workspace)]
        if other.value is not None:
            document.edit_value(key, other.value, "copy")
    elif action == "delete":
        document.remove_rows([key], "delete")
    elif action == "duplicate":
        document.insert_rows([(index + 1, Row.copy_of(workspace.row(key)))], "duplicate")
    elif document.undo.canUndo():
        document.undo.undo()


def shown(window: MainWindow) -> tuple[list[object], list[object], int | None]:
    model = window.examples.model
    model.set_filter(model.filter)  # the table as it is now
    by_line: dict[int, tuple[object, object]] = {}
    for row in range(model.rowCount()):
        line = model.dataset_index(row) + 1
        by_line[line] = (model.data(model.index(row, TOKENS), VALUE_ROLE),
                         model.data(model.index(row, LANGUAGE), VALUE_ROLE))
    cost = window.cost
    cost.redraw()
    estimate = cost.estimates.get(cost.selected().name)
    lines = sorted(by_line)
    return ([by_line[line][0] for line in lines], [by_line[line][1] for line in lines],
            estimate.billed_tokens if estimate else None)


def fresh(window: MainWindow) -> tuple[list[object], list[object], int | None, list[object]]:
    workspace = window.document.workspace
    analysis = finish(validate_dataset(Dataset(list(workspace.dataset.rows)),
                                       workspace.settings))
    metrics = analysis.metrics
    lines = range(1, len(workspace) + 1)
    tokens = [int(metrics.at[n, "total"]) if n in metrics.index else None for n in lines]
    langs = [(metrics.at[n, "lang"] or "?") if n in metrics.index else None for n in lines]
    from curator.core.analysis.cost import estimate

    target = window.cost.selected()
    billed = estimate(metrics["total"], target, None).billed_tokens
    return tokens, langs, billed, comparable([f.to_dict() for f in analysis.report.findings])


@settings(max_examples=6, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_what_the_app_shows_equals_a_fresh_check_after_any_edit(
        qtbot: QtBot, opened: MainWindow, edits: list[tuple[str, int]]) -> None:
    document = opened.document
    while document.undo.canUndo():  # each example starts from the file as opened
        document.undo.undo()
    for action, pick in edits:
        edit(opened, action, pick)
        tokens, langs, billed, findings = fresh(opened)
        got_tokens, got_langs, got_billed = shown(opened)
        assert got_tokens == tokens, action
        assert got_langs == langs, action
        assert got_billed == billed, action
        got = comparable([f.to_dict() for f in document.workspace.all_findings()])
        assert got == findings, action
    assert NOT_EXACT  # (their messages name fences of the last full check: compared by code)
