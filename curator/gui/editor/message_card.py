"""One message of a conversation as a card: role, weight, content, tool calls."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
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

from curator.core.api import Finding
from curator.gui import theme
from curator.gui.editor.growing_text import GrowingTextEdit
from curator.gui.editor.marks import CARD, Marker, Place, mark_text, text_of, worst
from curator.gui.editor.span_map import Mark, calls_mark, content_mark

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
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


class WeightBox(QCheckBox):
    """The weight toggle: from half ticked (a weight other than 0 or 1) a click ticks it."""

    def nextCheckState(self) -> None:  # noqa: N802
        """Override QAbstractButton.nextCheckState: half ticked goes to ticked, not to none."""
        if self.checkState() == Qt.CheckState.PartiallyChecked:
            self.setCheckState(Qt.CheckState.Checked)
        else:
            super().nextCheckState()



def _below(finding: Finding) -> str:
    """The finding's field below its message: ``content``, ``content[2].text``."""
    return finding.path.partition("].")[2]


def _at(mark: Mark | None) -> tuple[int, int] | None:
    return None if mark is None else (mark[0], mark[1])

class MessageCard(QFrame):
    """Emits ``edited(index, field, value)`` and ``action(index, name)``.

    Its background is the palette's base tinted by the role; findings about it show as a
    bar down its left side and markers beside the fields (:meth:`mark`).
    """

    edited = Signal(int, str, object)
    action = Signal(int, str)

    def __init__(self, index: int, message: dict[str, Any], weights: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.message = message
        raw_role = message.get("role", "")
        self.role_name = raw_role if isinstance(raw_role, str) else as_json(raw_role, None)
        self.place = Place()
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Message {index}: {self.role_name}")
        layout = QVBoxLayout(self)
        layout.addLayout(self._header(weights))
        self._body(layout)
        self._style()

    def _header(self, weights: bool) -> QHBoxLayout:
        role, message = self.role_name, self.message
        header = QHBoxLayout()
        self.role = QComboBox()
        self.role.setAccessibleName(f"Role of message {self.index}")
        self.role.setToolTip("Who says this message")
        self.role.addItems(list(ROLES) if role in ROLES else [role, *ROLES])
        self.role.setCurrentText(role)
        self.role.currentTextChanged.connect(lambda r: self.edited.emit(self.index, "role", r))
        number = QLabel(f"#{self.index}")
        number.setToolTip(f"Message {self.index} of the example (counting from 0)")
        header.addWidget(number)
        header.addWidget(self.role)
        self.markers = {"role": Marker("role"), CARD: Marker("message")}
        header.addWidget(self.markers["role"])
        self.weight: QCheckBox | None = None
        if role == "assistant" and weights:  # only chat messages carry a weight
            self.weight = WeightBox("train on this reply")
            self.weight.setAccessibleName(f"Train on message {self.index}")
            self._show_weight(message.get("weight", 1))
            self.weight.checkStateChanged.connect(self._weight_changed)
            header.addWidget(self.weight)
            self.markers["weight"] = Marker("weight")
            header.addWidget(self.markers["weight"])
        header.addStretch(1)
        header.addWidget(self.markers[CARD])
        for text, name, tip in ACTIONS:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(f"{tip} (message {self.index})")
            button.setObjectName(f"action-{name}")
            button.clicked.connect(lambda _=False, n=name: self.action.emit(self.index, n))
            header.addWidget(button)
        return header

    def _show_weight(self, weight: Any) -> None:
        """A weight of 0 or 1 is a tick or none; anything else (0.5, "1") shows half ticked
        until a click makes it 1."""
        assert self.weight is not None
        if weight in (0, 1) and not isinstance(weight, str):
            self.weight.setChecked(weight == 1)
            self.weight.setToolTip("weight 1: the model learns this reply; 0: it is context "
                                   "only")
            return
        self.weight.setCheckState(Qt.CheckState.PartiallyChecked)
        self.weight.setToolTip(f"weight is {as_json(weight, None)}, which is neither 0 nor 1; "
                               "click to set it to 1 (train on this reply)")

    def _weight_changed(self, state: Qt.CheckState) -> None:
        if state != Qt.CheckState.PartiallyChecked:
            self.edited.emit(self.index, "weight", 1 if state == Qt.CheckState.Checked else 0)

    def _body(self, layout: QVBoxLayout) -> None:
        message, role = self.message, self.role_name
        text = content_text(message.get("content"))
        self.structured = not isinstance(message.get("content"), str | None) and (
            text.startswith(("[", "{")))
        if role == "tool" and isinstance(message.get("content"), str):
            text = pretty(text)
        self.content = GrowingTextEdit(text, monospace=role == "tool" or self.structured)
        self.content.setObjectName("content")
        self.content.setAccessibleName(f"Content of message {self.index}")
        self.content.set_tip(f"What the {role or 'message'} says" + (
            " (JSON: it applies once it is valid)" if self.structured else ""))
        self.content.textChanged.connect(self._content_changed)
        layout.addWidget(self.content)
        self.calls: GrowingTextEdit | None = None
        if "tool_calls" in message:
            layout.addWidget(QLabel("tool calls (JSON)"))
            self.calls = GrowingTextEdit(as_json(message["tool_calls"]), monospace=True)
            self.calls.setObjectName("tool_calls")
            self.calls.setAccessibleName(f"Tool calls of message {self.index}")
            self.calls.set_tip("The tool calls this message makes, as JSON (applied once it "
                               "is valid)")
            self.calls.textChanged.connect(self._calls_changed)
            layout.addWidget(self.calls)
        self.error = QLabel()
        self.error.setObjectName("card-error")
        self.error.hide()
        layout.addWidget(self.error)

    # -- colours and marks -----------------------------------------------------------------

    def _style(self) -> None:
        colours = theme.palette()  # not the card's own: its style sheet changes that
        bar = worst(self.place.findings)
        frame = theme.css(theme.frame_colour(colours))
        left = theme.css(theme.severity_colour(bar, colours)) if bar else frame
        sheet = (f"#card {{ background: {theme.css(theme.role_background(self.role_name))}; "
                 f"border: 1px solid {frame}; border-left: {4 if bar else 1}px solid {left}; "
                 "border-radius: 6px; }")
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        error = f"color: {theme.css(theme.error_text(colours))}"
        if error != self.error.styleSheet():
            self.error.setStyleSheet(error)

    def mark(self, place: Place, message: dict[str, Any] | None = None) -> None:
        """Show the findings about this message where they point; ``message`` is the message
        as it is now (the card may have been typed in since it was made)."""
        self.place = place
        message = self.message if message is None else message
        for name, marker in self.markers.items():
            marker.show_findings(place.fields.get(name, []))
        content, shown = message.get("content"), self.content.toPlainText()
        mark_text(self.content, place.fields.get("content", []), lambda f: _at(
            content_mark(content, shown, _below(f), f.span or (0, 0), "")))
        if self.calls is not None:
            calls, listed = message.get("tool_calls"), self.calls.toPlainText()
            mark_text(self.calls, place.fields.get("tool_calls", []), lambda f: _at(
                calls_mark(calls, listed, _below(f), f.span or (0, 0), "")))
        self._style()
        self.setAccessibleDescription(text_of(place.findings))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: colours follow a change of theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style()

    # -- edits -----------------------------------------------------------------------------

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

    def field_widget(self, field: str) -> QWidget:
        """The widget of a field (``content`` for fields the card does not show)."""
        if field == "role":
            return self.role
        if field == "weight" and self.weight is not None:
            return self.weight
        if field.startswith("tool_calls") and self.calls is not None:
            return self.calls
        return self.content

    def focus_field(self, field: str, finding: Finding | None = None) -> QWidget:
        """Put the focus on a field; a text field selects the finding's span, or all of it
        when the finding is about the whole field."""
        widget = self.field_widget(field)
        widget.setFocus()
        if isinstance(widget, GrowingTextEdit) and finding is not None:
            cursor = widget.textCursor()
            length = len(widget.toPlainText())
            start, end = finding.span if finding.span else (0, length)
            cursor.setPosition(max(0, min(start, length)))
            cursor.setPosition(max(0, min(end, length)), cursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
        return widget
