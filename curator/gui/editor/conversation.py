"""The conversation editor: the selected example's messages as cards.

Every change becomes one undo command on the document (typing in one field merges into one
step). Rows that are not a chat (or not valid JSON) have no cards: the Raw JSON tab edits them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from curator.gui.commands import SetRow
from curator.gui.document import Document
from curator.gui.editor.message_card import MessageCard

PATH = re.compile(r"messages\[(\d+)\](?:\.(\w+))?")


def chat_messages(value: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """The messages the cards edit, or None when the row is not a chat they can show."""
    messages = value.get("messages") if isinstance(value, dict) else None
    if isinstance(messages, list) and all(isinstance(m, dict) for m in messages):
        return messages
    return None


def next_role(messages: list[dict[str, Any]], index: int) -> str:
    before = messages[index].get("role") if 0 <= index < len(messages) else "assistant"
    return "assistant" if before in ("user", "tool") else "user"


def edit_messages(messages: list[dict[str, Any]], index: int, action: str
                  ) -> list[dict[str, Any]]:
    """The messages after a card action (add, delete, duplicate, up, down)."""
    out = copy.deepcopy(messages)
    if action == "add":
        out.insert(index + 1, {"role": next_role(out, index), "content": ""})
    elif action == "delete":
        del out[index]
    elif action == "duplicate":
        out.insert(index + 1, copy.deepcopy(out[index]))
    elif action == "up" and index > 0:
        out[index - 1], out[index] = out[index], out[index - 1]
    elif action == "down" and index < len(out) - 1:
        out[index + 1], out[index] = out[index], out[index + 1]
    return out


class ConversationEditor(QScrollArea):
    wants_raw = Signal()  # the row has no cards to show

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: int | None = None
        self.cards: list[MessageCard] = []
        self._own_edit = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        document.row_changed.connect(self._row_changed)
        self.show_row(None)

    def show_row(self, key: int | None) -> None:
        """Show the example with ``key`` (None: nothing selected)."""
        self.key = key
        body = QWidget()
        layout = QVBoxLayout(body)
        self.cards = []
        value = self._value()
        messages = chat_messages(value)
        if key is None:
            layout.addWidget(QLabel("Select an example to edit it."))
        elif messages is None:
            note = QLabel("This line is not a chat example the cards can show; "
                          "edit it in the Raw JSON tab.")
            note.setWordWrap(True)
            layout.addWidget(note)
            self.wants_raw.emit()
        else:
            for i, message in enumerate(messages):
                card = MessageCard(i, message)
                card.edited.connect(self._field_edited)
                card.action.connect(self._card_action)
                layout.addWidget(card)
                self.cards.append(card)
            add = QPushButton("Add message")
            add.setObjectName("add-message")
            add.clicked.connect(lambda: self._card_action(len(self.cards) - 1, "add"))
            layout.addWidget(add)
        layout.addStretch(1)
        self.setWidget(body)

    def _value(self) -> dict[str, Any] | None:
        if self.key is None:
            return None
        workspace = self.document.workspace
        return workspace.dataset.rows[workspace.position(self.key)].value

    def _push(self, value: dict[str, Any], text: str, merge: str = "") -> None:
        assert self.key is not None
        self._own_edit = True
        try:
            self.document.undo.push(SetRow(self.document.workspace, self.key, text, value=value,
                                           merge=merge, notify=self.document.notify_row))
        finally:
            self._own_edit = False

    def _field_edited(self, index: int, field: str, new: Any) -> None:
        value = copy.deepcopy(self._value())
        messages = chat_messages(value)
        if value is None or messages is None:
            return
        message = messages[index]
        if message.get(field) == new:
            return
        message[field] = new
        self._push(value, f"Edit {field} of message {index}", merge=f"{index}.{field}")
        if field == "role":
            self.show_row(self.key)  # the card's colour and weight toggle follow the role

    def _card_action(self, index: int, action: str) -> None:
        value = copy.deepcopy(self._value())
        messages = chat_messages(value)
        if value is None or messages is None:
            return
        value["messages"] = edit_messages(messages, index, action)
        names = {"add": "Add", "delete": "Delete", "duplicate": "Duplicate", "up": "Move up",
                 "down": "Move down"}
        self._push(value, f"{names[action]} message {max(index, 0)}")
        self.show_row(self.key)

    def _row_changed(self, key: int) -> None:
        if key == self.key and not self._own_edit:
            self.show_row(key)  # an undo, or an edit made elsewhere

    def focus_path(self, path: str) -> None:
        """Put the cursor where a finding points (``messages[2].content``)."""
        match = PATH.match(path)
        if match and int(match.group(1)) < len(self.cards):
            card = self.cards[int(match.group(1))]
            self.ensureWidgetVisible(card)
            card.focus_field(match.group(2) or "content")
