"""Colours come from the palette: in a dark theme the cards, charts, differences and the raw
JSON read as well as in a light one (WCAG contrast), and nothing stays white."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from curator.core.model.findings import Severity
from curator.core.model.resources import resource_path
from curator.gui import theme
from curator.gui.editor.raw_json import JsonHighlighter
from curator.gui.main_window import MainWindow
from curator.gui.views.diff_html import styles
from tests.gui.conftest import Answers, make_window, wait_checked

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))
Role = QPalette.ColorRole


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    style = qapp.style().name()
    qapp.setStyle("Fusion")
    with theme.applied(theme.dark_palette()):
        yield theme.palette()
    qapp.setStyle(style)


@pytest.fixture
def dark_window(qtbot: QtBot, dark: QPalette, tmp_path: Path, answers: Answers
                ) -> Iterator[MainWindow]:
    window = make_window(qtbot, tmp_path / "recovery", answers)
    window.show()
    path = tmp_path / "chats.jsonl"
    shutil.copyfile(SAMPLE, path)
    window.files.open(path)
    wait_checked(qtbot, window)
    yield window
    window.document.undo.setClean()
    window.document.cancel()


def background(sheet: str) -> QColor:
    return QColor(sheet.split("background: ")[1].split(";")[0])


def test_cards_are_dark_with_readable_text(dark_window: MainWindow, dark: QPalette) -> None:
    dark_window.examples.select_index(261)  # system, user, assistant with a call, tool...
    text = dark.color(Role.Text)
    roles = set()
    for card in dark_window.conversation.cards:
        ground = background(card.styleSheet())
        roles.add(card.role_name)
        assert theme.luminance(ground) < 0.1, card.role_name  # dark, not a light tint
        assert theme.contrast(text, ground) >= theme.TEXT_CONTRAST
        number = card.findChildren(QLabel)[0]
        assert theme.contrast(number.palette().color(Role.WindowText), ground) >= 4.5
    assert {"user", "assistant"} <= roles


def test_charts_take_the_palettes_colours(dark_window: MainWindow, dark: QPalette) -> None:
    stats = dark_window.stats
    next(d for d in dark_window.analysis_docks if d.windowTitle() == "Statistics").raise_()
    stats.refresher.now(force=True)
    assert stats.canvas.backgroundBrush().color() == dark.color(Role.Base)
    colours = stats.colours()
    for name in ("bar", "fence", "limit"):
        assert theme.contrast(colours[name], dark.color(Role.Base)) >= theme.MARK_CONTRAST
    axis = stats.charts["tokens"].plot.getAxis("left")
    assert axis.textPen().color() == dark.color(Role.Text)
    plot = dark_window.cost.panel.plot
    assert plot.backgroundBrush().color() == dark.color(Role.Base)


def test_a_theme_change_recolours_the_charts(qtbot: QtBot, window: MainWindow) -> None:
    light = window.stats.canvas.backgroundBrush().color()
    with theme.applied(theme.dark_palette()):
        qtbot.wait(20)
        assert window.stats.canvas.backgroundBrush().color() == QColor("#1e1e1e")
    qtbot.wait(20)
    assert window.stats.canvas.backgroundBrush().color() == light


def test_differences_and_json_are_readable_in_the_dark(dark: QPalette) -> None:
    text = dark.color(Role.Text)
    for style in styles(dark):
        ground = QColor(style.split("background:")[1].split(";")[0])
        assert theme.contrast(QColor(style.split("color:")[1].split(";")[0]), ground) >= 4.5
        assert theme.contrast(text, ground) >= theme.TEXT_CONTRAST
    assert "line-through" in styles(dark)[0] and "bold" in styles(dark)[1]  # not colour alone
    base = dark.color(Role.Base)
    for colour in theme.json_colours(dark).values():
        assert theme.contrast(colour, base) >= theme.TEXT_CONTRAST


def test_the_highlighter_follows_the_theme(qapp: QApplication) -> None:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument('{"a": 1}')
    highlighter = JsonHighlighter(document)
    light = [form.foreground().color().name() for _, form in highlighter.rules]
    with theme.applied(theme.dark_palette()):
        highlighter.recolour()
        dark = [form.foreground().color().name() for _, form in highlighter.rules]
    assert light != dark
    base = theme.dark_palette().color(Role.Base)
    assert all(theme.contrast(QColor(c), base) >= 4.5 for c in dark)


def test_severity_colours_and_errors_read_in_both_themes(qapp: QApplication) -> None:
    for colours in (QApplication.palette(), theme.dark_palette()):
        base = colours.color(Role.Base)
        for severity in (*Severity, None):
            assert theme.contrast(theme.severity_colour(severity, colours), base) >= 3
        assert theme.contrast(theme.error_text(colours), colours.color(Role.Window)) >= 4.5
