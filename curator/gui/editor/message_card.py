"""One message of a conversation as a card: role, weight, content, tool calls."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.gui.editor.growing_text import GrowingTextEdit
from curator.gui.editor.marks import calls_mark, content_mark

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
ROLE_COLORS = {"system": "#eceff1", "developer": "#eceff1", "user": "#e3f2fd",
               "assistant": "#e8f5e9", "tool": "#fff8e1", "function": "#fff8e1"}
ACTIONS = (("↑", "up", "Move up"), ("↓", "down", "Move down"),
           ("Copy", "duplicate", "Duplicate this message"), ("+", "add", "Add a message after"),
           ("✕", "delete", "Delete this message"))


def as_json(value: Any, indent: int | None = 2) -> str:
    """A value as JSON for a card; a value nested deeper than Python can walk is shown as a
    note (the Raw JSON tab keeps the line as written)."""
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False)
    except RecursionError:
        return "(nested too deeply to show here: see the Raw JSON tab)"


def content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text"
                                         for p in content):
        return "\n".join(str(p.get("text", "")) for p in content)
    return as_json(content)


def pretty(text: str) -> str:
    """Tool results that are JSON show formatted."""
    try:
        return as_json(json.loads(text))
    except (ValueError, TypeError, RecursionError):
        return text


class MessageCard(QFrame):
    """Emits ``edited(index, field, value)`` and ``action(index, name)``."""

    edited = Signal(int, str, object)
    action = Signal(int, str)

    def __init__(self, index: int, message: dict[str, Any], weights: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.message = message
        raw_role = message.get("role", "")
        role = raw_role if isinstance(raw_role, str) else as_json(raw_role, None)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#card {{ background: {ROLE_COLORS.get(role, '#fafafa')}; "
                           "border: 1px solid #cfd8dc; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.role = QComboBox()
        self.role.addItems(list(ROLES) if role in ROLES else [role, *ROLES])
        self.role.setCurrentText(role)
        self.role.currentTextChanged.connect(lambda r: self.edited.emit(self.index, "role", r))
        header.addWidget(QLabel(f"#{index}"))
        header.addWidget(self.role)
        self.weight: QCheckBox | None = None
        if role == "assistant" and weights:  # only chat messages carry a weight
            self.weight = QCheckBox("train on this reply")
            self.weight.setToolTip("weight 1: the model learns this reply; 0: it is context only")
            self.weight.setChecked(message.get("weight", 1) != 0)
            self.weight.toggled.connect(
                lambda on: self.edited.emit(self.index, "weight", 1 if on else 0))
            header.addWidget(self.weight)
        header.addStretch(1)
        for text, name, tip in ACTIONS:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(f"action-{name}")
            button.clicked.connect(lambda _=False, n=name: self.action.emit(self.index, n))
            header.addWidget(button)
        layout.addLayout(header)
        text = content_text(message.get("content"))
        self.structured = not isinstance(message.get("content"), str | None) and (
            text.startswith(("[", "{")))
        if role == "tool" and isinstance(message.get("content"), str):
            text = pretty(text)
        self.content = GrowingTextEdit(text, monospace=role == "tool" or self.structured)
        self.content.setObjectName("content")
        self.content.textChanged.connect(self._content_changed)
        layout.addWidget(self.content)
        self.calls: GrowingTextEdit | None = None
        if "tool_calls" in message:
            layout.addWidget(QLabel("tool calls (JSON)"))
            self.calls = GrowingTextEdit(as_json(message["tool_calls"]), monospace=True)
            self.calls.setObjectName("tool_calls")
            self.calls.textChanged.connect(self._calls_changed)
            layout.addWidget(self.calls)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        layout.addWidget(self.error)

    def _content_changed(self) -> None:
        text = self.content.toPlainText()
        if self.structured:
            try:
                value = json.loads(text)
            except ValueError as exc:
                self._show_error(f"content is not valid JSON yet: {exc}")
                return
            self._show_error("")
            self.edited.emit(self.index, "content", value)
            return
        self.edited.emit(self.index, "content", text)

    def _calls_changed(self) -> None:
        assert self.calls is not None
        try:
            value = json.loads(self.calls.toPlainText())
        except ValueError as exc:
            self._show_error(f"tool calls are not valid JSON yet (not applied): {exc}")
            return
        self._show_error("")
        self.edited.emit(self.index, "tool_calls", value)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def mark(self, message: dict[str, Any], found: list[tuple[str, tuple[int, int], str]]
             ) -> None:
        """Mark the spans of this message's findings, ``(field below the message, span,
        tooltip)``, in the box that shows that field; ``message`` is the message as it is now
        (the card may have been typed in since it was made)."""
        content, shown = message.get("content"), self.content.toPlainText()
        marks = [m for field, span, tip in found
                 if (m := content_mark(content, shown, field, span, tip)) is not None]
        self.content.set_marks(marks)
        if self.calls is not None:
            calls, shown = message.get("tool_calls"), self.calls.toPlainText()
            self.calls.set_marks([m for field, span, tip in found
                                  if (m := calls_mark(calls, shown, field, span, tip))])

    def focus_field(self, field: str) -> None:
        target = self.calls if field.startswith("tool_calls") and self.calls else self.content
        if field == "role":
            self.role.setFocus()
            return
        target.setFocus()
