"""Every control of the window, its views and its dialogs has a tooltip and a name a screen
reader can say; the Help menu's reference comes from the codes registry."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from curator.core.model.resources import resource_path
from curator.gui.help import AboutDialog, CodesDialog, ShortcutsDialog
from curator.gui.main_window import MainWindow
from curator.gui.preferences_dialog import PreferencesDialog

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView,
            QPlainTextEdit, QTextEdit, QTabBar, pg.GraphicsView)


def part_of_another(widget: QWidget) -> bool:
    """Pieces Qt builds inside a control (a spin box's line edit, a combo box's list, a
    table's corner button, scroll bars): the control they belong to carries the name."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView | QTabBar |
                      QLineEdit):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QScrollBar) or (widget.objectName().startswith(
        ("qt_", "_q_")) and not widget.objectName().startswith("qt_dockwidget"))


def undescribed(root: QWidget) -> list[str]:
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or part_of_another(widget):
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if not name.strip() or not widget.toolTip().strip():
            out.append(f"{type(widget).__name__} {widget.objectName()!r} name={name!r} "
                       f"tip={widget.toolTip()!r} in {type(widget.parentWidget()).__name__}")
    return out


def test_every_control_of_the_window_and_its_views_is_described(
        qtbot: QtBot, opened: MainWindow) -> None:
    opened.examples.select_index(261)  # a tool call: role, weight, content, tool calls
    for dock in opened.analysis_docks:
        dock.raise_()
        qtbot.wait(20)
    opened.cost.pages.setCurrentWidget(opened.cost.panel)
    missing = undescribed(opened)
    export = opened.export_dialog()
    qtbot.addWidget(export)
    missing += undescribed(export)
    dialogs: list[QDialog] = [PreferencesDialog(opened.document.settings, opened),
                              CodesDialog(opened), ShortcutsDialog(opened), AboutDialog(opened)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        missing += undescribed(dialog)
    export.tasks.cancel()
    export.tasks.wait()
    assert not missing, "\n".join(missing)
