"""The keyboard: the window's shortcuts win over text fields, and F6 moves between panes.

A text field claims the keys it understands before the window's shortcuts see them (Qt's
``ShortcutOverride``): Ctrl+Z would undo inside the field, not the document; Ctrl+E would move
the cursor in a line edit instead of opening Export. :class:`WindowKeys` answers "not mine"
for the keys the window's menus own, so they reach the menus; fields keep every other key.
The text fields also give Tab back to focus navigation, and never undo on their own (the
document's undo stack is the only one).

Panes: the examples table, the editor (its current tab), the problems panel. F6 and Shift+F6
go to the next and the previous one; Enter in the table goes to the editor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget

# keys a text field would take for itself that the app's menus use
RESERVED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class WindowKeys(QObject):
    """An event filter for text fields: the window's shortcuts are not theirs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: set[str] = set()
        for standard in RESERVED:
            self.keys.update(k.toString() for k in QKeySequence.keyBindings(standard))

    def reserve(self, actions: Iterable[QAction]) -> None:
        """Let these actions' shortcuts pass text fields by."""
        for action in actions:
            self.keys.update(k.toString() for k in action.shortcuts() if not k.isEmpty())

    def watch(self, widget: QWidget) -> None:
        """Make ``widget`` (a text field) leave the window's keys alone; a multi-line field
        also gives Tab to focus navigation and stops keeping its own undo history."""
        widget.installEventFilter(self)
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.setTabChangesFocus(True)
            widget.setUndoRedoEnabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Override QObject.eventFilter: decline shortcut overrides for reserved keys."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination()).toString()
            if pressed in self.keys:
                event.ignore()
                return True
        return False


_KEYS: WindowKeys | None = None


def window_keys() -> WindowKeys:
    """The app's one filter (made on first use, owned by the application)."""
    global _KEYS
    if _KEYS is None:
        _KEYS = WindowKeys(QApplication.instance())
    return _KEYS


def watch(widget: QWidget) -> None:
    window_keys().watch(widget)


class Panes:
    """Focus moves between the window's panes in a ring."""

    def __init__(self, panes: list[Callable[[], QWidget | None]]) -> None:
        self.panes = panes

    def _current(self) -> int:
        focus = QApplication.focusWidget()
        for i, pane in enumerate(self.panes):
            widget = pane()
            if widget is not None and focus is not None and (
                    focus is widget or widget.isAncestorOf(focus)):
                return i
        return -1

    def step_to(self, index: int) -> QWidget | None:
        """Focus pane ``index`` (0 the examples table, 1 the editor, 2 the problems)."""
        widget = self.panes[index]()
        return widget if widget is not None and focus_into(widget) else None

    def step(self, forward: bool = True) -> QWidget | None:
        """Focus the next (or previous) pane that can take the focus; returns it."""
        start = self._current()
        count = len(self.panes)
        for offset in range(1, count + 1):
            widget = self.panes[(start + (offset if forward else -offset)) % count]()
            if widget is not None and focus_into(widget):
                return widget
        return None


def focus_into(widget: QWidget) -> bool:
    """Give the focus to ``widget`` if it can take it."""
    if not widget.isVisible() or not widget.isEnabled() or (
            widget.focusPolicy() == Qt.FocusPolicy.NoFocus):
        return False
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return True
