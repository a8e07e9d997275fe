"""The analysis views, driven on the bundled messy sample."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from curator.cli.main import cli
from curator.core.model.resources import resource_path
from curator.gui.main_window import MainWindow
from curator.gui.views.breakeven_plot import CumulativePlot
from tests.gui.conftest import SAMPLE_EXAMPLES, SAMPLE_ROWS

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def show(window: MainWindow, title: str) -> None:
    dock = next(d for d in window.analysis_docks if d.windowTitle() == title)
    dock.raise_()


def test_histogram_bins_add_up_and_a_bar_filters_the_table(qtbot: QtBot,
                                                            opened: MainWindow) -> None:
    show(opened, "Statistics")
    opened.stats.refresher.now(force=True)
    metrics = opened.document.workspace.metrics
    for name in ("tokens", "messages"):
        chart = opened.stats.charts[name]
        assert chart.histogram is not None
        assert sum(chart.histogram.counts) == len(metrics) == SAMPLE_EXAMPLES  # every example
    counts = opened.stats.charts["tokens"].histogram.counts  # type: ignore[union-attr]
    fullest = max(range(len(counts)), key=counts.__getitem__)
    opened.stats.select_bin("tokens", fullest)
    model = opened.examples.model
    assert model.rowCount() == counts[fullest]
    low, high = (opened.stats.charts["tokens"].histogram.edges[fullest + k]  # type: ignore
                 for k in (0, 1))
    for row in range(model.rowCount()):
        key = opened.document.workspace.keys[model.dataset_index(row)]
        assert low <= metrics.at[key, "total"] <= high
    opened.examples.filter_bar.clear_lines.click()
    assert model.rowCount() == SAMPLE_ROWS


def test_keep_one_removes_the_others_and_undo_brings_them_back(qtbot: QtBot,
                                                                opened: MainWindow) -> None:
    show(opened, "Duplicates")
    view = opened.duplicates
    view.refresher.now(force=True)
    near = next(i for i, g in enumerate(view.groups) if g.cluster.kind == "near")
    view.clusters.setCurrentRow(near)
    group = view.groups[near]
    assert len(group.keys) == 3
    workspace = opened.document.workspace
    before = b"".join(workspace.dataset.iter_bytes())
    kept = group.keys[0]
    view.keep(kept)
    assert len(workspace) == SAMPLE_ROWS - 2
    assert kept in workspace.keys and not set(group.keys[1:]) & set(workspace.keys)
    assert "N001" not in {f.code for f in workspace.all_findings()}
    view.refresher.now(force=True)
    assert all(g.cluster.kind == "exact" for g in view.groups)
    opened.document.undo.undo()
    assert b"".join(workspace.dataset.iter_bytes()) == before
    assert "N001" in {f.code for f in workspace.all_findings()}


def test_changing_the_target_updates_the_cost(qtbot: QtBot, opened: MainWindow) -> None:
    show(opened, "Cost")
    cost = opened.cost
    cost.target.setCurrentIndex(cost.target.findData("gpt-4o-mini-2024-07-18"))
    cost.refresher.now(force=True)
    mini = cost.estimates["gpt-4o-mini-2024-07-18"]
    assert f"${mini.cost.low:,.2f}" in cost.summary.text() and mini.epochs == 3
    assert mini.cost.low == pytest.approx(mini.training_tokens * 3.00 / 1e6)
    cost.target.setCurrentIndex(cost.target.findData("gpt-4o-2024-08-06"))
    big = cost.estimates["gpt-4o-2024-08-06"]
    assert big.cost.high == pytest.approx(big.training_tokens * 25.00 / 1e6)
    assert f"${big.cost.low:,.2f}" in cost.summary.text() and "gpt-4o-2024-08-06" in (
        cost.summary.text())
    cost.epochs.setValue(5)
    assert cost.estimates["gpt-4o-2024-08-06"].training_tokens == big.billed_tokens * 5
    # a model on another tokenizer is counted in the background, then shown
    cost.target.setCurrentIndex(cost.target.findData("gpt-3.5-turbo-0125"))
    qtbot.waitUntil(lambda: "gpt-3.5-turbo-0125" in cost.estimates, timeout=30_000)
    assert cost.estimates["gpt-3.5-turbo-0125"].billed_tokens != mini.billed_tokens


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def test_fine_tune_or_prompt_shows_both_options_and_where_they_cross(
        qtbot: QtBot, opened: MainWindow) -> None:
    """docs/cost.md, example 1: GPT-4o mini, a 2,000-token prompt, 200 user and 200 output
    tokens, 100,000 requests: $45.00 against $30.00 a month; the lines cross when training
    is repaid."""
    show(opened, "Cost")
    cost, panel = opened.cost, opened.cost.panel
    cost.target.setCurrentIndex(cost.target.findData("gpt-4o-mini-2024-07-18"))
    cost.refresher.now(force=True)
    medians = opened.document.workspace.metrics
    assert panel.tokens["user"].value() == float(medians["user"].median())  # the file's
    panel.requests.setValue(100_000)
    for name, value in (("prompt", 2000), ("user", 200), ("output", 200)):
        panel.tokens[name].setValue(value)
    table = panel.comparison
    assert (_cell(table, 5, 0), _cell(table, 5, 1)) == ("2,200", "200")
    assert (_cell(table, 6, 0), _cell(table, 6, 1)) == ("1,920", "0")
    assert (_cell(table, 0, 0), _cell(table, 0, 1)) == ("$45.00", "$30.00")
    training = cost.estimates["gpt-4o-mini-2024-07-18"].cost.low
    assert _cell(table, 1, 1) == f"${training:,.2f}"
    assert "Fine-tuning saves $15.00 a month" in panel.verdict.toPlainText()
    x, prompted = panel.plot.lines["prompted"].getData()
    _, tuned = panel.plot.lines["fine-tuned"].getData()
    assert list(x) == [0, 12] and list(prompted) == pytest.approx([0, 540.00])
    assert list(tuned) == pytest.approx([training, training + 360.00])
    (crossing,) = panel.plot.crossings
    assert crossing.value() == pytest.approx(training / 15.00)
    # caching changes the answer on gpt-4.1-mini: $62.40 against $80.00, never
    cost.target.setCurrentIndex(cost.target.findData("gpt-4.1-mini"))
    panel.cache_hit.setValue(1.0)
    assert (_cell(table, 0, 0), _cell(table, 0, 1)) == ("$62.40", "$80.00")
    assert "Fine-tuning never pays here" in panel.verdict.toPlainText()
    assert panel.plot.crossings == []
    # a model without request prices says what to add
    cost.target.setCurrentIndex(cost.target.findData("mistral-7b-lora"))
    qtbot.waitUntil(lambda: "mistral-7b-lora" in cost.estimates, timeout=30_000)
    assert "add input and output per 1M tokens" in panel.verdict.toPlainText()


def test_the_plot_takes_its_colours_from_the_palette(qtbot: QtBot) -> None:
    plot = CumulativePlot()
    qtbot.addWidget(plot)
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    plot.setPalette(dark)
    assert plot.backgroundBrush().color() == QColor(30, 30, 30)
    assert plot.getAxis("left").textPen().color() == QColor(230, 230, 230)


def test_export_dialog_writes_what_the_cli_writes(qtbot: QtBot, opened: MainWindow,
                                                  tmp_path: Path) -> None:
    source = opened.document.path
    assert source is not None
    cli_out = tmp_path / "cli" / "out.jsonl"
    cli_out.parent.mkdir()
    result = CliRunner().invoke(cli, ["export", str(source), "--to", "trl-messages", "-o",
                                      str(cli_out), "--drop-duplicates", "--split", "0.1",
                                      "--seed", "7", "--target", "gpt-4o-mini"])
    assert result.exit_code == 0, result.output
    dialog = opened.export_dialog()
    gui_out = tmp_path / "gui" / "out.jsonl"
    gui_out.parent.mkdir()
    dialog.format.setCurrentIndex(dialog.format.findData("trl-messages"))
    dialog.drop_duplicates.setChecked(True)
    dialog.split.setValue(0.1)
    dialog.seed.setValue(7)
    dialog.target.setCurrentIndex(dialog.target.findData("gpt-4o-mini-2024-07-18"))
    dialog.wait()
    left_out = orjson.loads((cli_out.parent / "out.manifest.json").read_bytes())["counts"][
        "excluded"]
    assert left_out > 10 and f"will leave out {left_out}" in dialog.status.text()
    assert dialog.excluded.count() == left_out
    assert not gui_out.exists()  # the preview writes nothing
    dialog.output.setText(str(gui_out))
    dialog.write()
    dialog.wait()
    assert "Wrote" in dialog.status.text()
    for name in ("out.train.jsonl", "out.validation.jsonl"):
        assert (gui_out.parent / name).read_bytes() == (cli_out.parent / name).read_bytes()
    ours = orjson.loads((gui_out.parent / "out.manifest.json").read_bytes())
    theirs = orjson.loads((cli_out.parent / "out.manifest.json").read_bytes())
    for manifest in (ours, theirs):
        for output in manifest["outputs"]:
            output.pop("path")
    assert ours == theirs


def test_export_asks_to_save_first(qtbot: QtBot, opened: MainWindow) -> None:
    opened.examples.select_index(0)
    opened.conversation.cards[1].content.setPlainText("changed")
    dialog = opened.export_dialog()
    assert "Save your changes first" in dialog.status.text()
    dialog.close()
