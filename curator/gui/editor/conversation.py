"""The conversation editor: the selected example's messages as cards.

Chat rows show their messages; preference rows their input and both outputs; TRL rows their
prompt, completion, chosen and rejected parts, as cards or, for plain-text parts, a text box
(see :mod:`curator.gui.editor.sections`). Every change becomes one undo command on the
document (typing in one field merges into one step). Rows the editor cannot show (not JSON,
or a part of the wrong type) are edited in the Raw JSON tab.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from curator.core.api import Finding
from curator.gui.document import Document
from curator.gui.editor.growing_text import GrowingTextEdit
from curator.gui.editor.marks import Marker, Place, group, mark_text
from curator.gui.editor.message_card import MessageCard
from curator.gui.editor.sections import (
    Section,
    edit_messages,
    get_at,
    parse_path,
    sections,
    with_part,
)

ACTION_NAMES = {"add": "Add", "delete": "Delete", "duplicate": "Duplicate", "up": "Move up",
                "down": "Move down"}


def _where(key: str, index: int) -> str:
    return f"message {index}" if key == "messages" else f"{key}[{index}]"


class ConversationEditor(QScrollArea):
    wants_raw = Signal()  # the row has nothing the editor can show

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: int | None = None
        self.parts: dict[str, list[MessageCard] | GrowingTextEdit] = {}  # by section key
        self._own_edit = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        document.row_changed.connect(self._row_changed)
        document.checked.connect(self.mark_findings)
        self.show_row(None)

    @property
    def cards(self) -> list[MessageCard]:
        """Every card, in the order shown."""
        return [card for part in self.parts.values() if isinstance(part, list) for card in part]

    @property
    def editable(self) -> bool:
        """Whether the shown row has parts to edit here."""
        return bool(self.parts)

    def show_row(self, key: int | None) -> None:
        """Show the example with ``key`` (None: nothing selected). Shown again (an undo), the
        field that had the focus keeps it, with its cursor."""
        place = self._focus_place() if key == self.key and key is not None else None
        self.key = key
        body = QWidget()
        layout = QVBoxLayout(body)
        self.parts = {}
        self.banner = Marker("example")
        self.banner.setObjectName("row-findings-banner")
        layout.addWidget(self.banner)
        value = self._value()
        found = sections(value)
        if key is None:
            layout.addWidget(QLabel("Select an example to edit it."))
        elif value is None or found is None:
            note = QLabel("This line is not an example the editor can show; "
                          "edit it in the Raw JSON tab.")
            note.setWordWrap(True)
            layout.addWidget(note)
            self.wants_raw.emit()
        else:
            for section in found:
                if len(found) > 1 or section.key != "messages":
                    title = QLabel(f"<b>{section.title}</b>")
                    title.setObjectName(f"title-{section.key}")
                    layout.addWidget(title)
                self._add_section(layout, section, get_at(value, section.key))
        layout.addStretch(1)
        self.setWidget(body)
        self.mark_findings()
        if place is not None:
            self._restore_focus(*place)

    def mark_findings(self) -> None:
        """Show the row's findings where they point: spans underlined in the text, a field a
        finding is about framed with a marker beside it, a message's card barred in its worst
        severity, and findings about the whole example in a line above the cards."""
        workspace = self.document.workspace
        if self.key is None or not self.parts or self.key not in workspace:
            return
        places, whole = group(workspace.findings_at(workspace.position(self.key)))
        for section, part in self.parts.items():
            if isinstance(part, GrowingTextEdit):
                mark_text(part, places.pop((section, None), Place()).findings)
                continue
            messages = get_at(self._value() or {}, section)
            for card in part:
                current = messages[card.index] if isinstance(messages, list) and card.index < len(
                    messages) and isinstance(messages[card.index], dict) else card.message
                card.mark(places.pop((section, card.index), Place()), current)
        for place in places.values():  # places no card shows: `tools[0]`, a missing message
            whole.extend(place.findings)
        self.banner.show_findings(whole)

    def _add_section(self, layout: QVBoxLayout, section: Section, part: Any) -> None:
        if section.text:
            edit = GrowingTextEdit(part)
            edit.setObjectName(f"text-{section.key}")
            edit.setAccessibleName(section.title)
            edit.set_tip(f"The {section.title.lower()}, as plain text")
            edit.textChanged.connect(partial(self._text_edited, section.key, edit))
            layout.addWidget(edit)
            self.parts[section.key] = edit
            return
        cards = []
        for i, message in enumerate(part):
            card = MessageCard(i, message, weights=section.key == "messages")
            card.edited.connect(partial(self._field_edited, section.key))
            card.action.connect(partial(self._card_action, section.key))
            layout.addWidget(card)
            cards.append(card)
        self.parts[section.key] = cards
        add = QPushButton("Add message")
        add.setObjectName("add-message" if section.key == "messages"
                          else f"add-message-{section.key}")
        add.setToolTip(f"Add a message at the end of the {section.title.lower()}")
        add.clicked.connect(lambda: self._card_action(section.key, len(part) - 1, "add"))
        layout.addWidget(add)

    def _value(self) -> dict[str, Any] | None:
        if self.key is None:
            return None
        return self.document.workspace.row(self.key).value

    def _push(self, value: dict[str, Any], text: str, merge: str = "") -> None:
        assert self.key is not None
        self._own_edit = True
        try:
            self.document.edit_value(self.key, value, text, merge=merge)
        finally:
            self._own_edit = False

    def _messages(self, key: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        value = self._value()
        found = sections(value)
        if value is None or found is None or Section(key, False) not in found:
            return None
        return value, get_at(value, key)

    def _field_edited(self, key: str, index: int, field: str, new: Any) -> None:
        shown = self._messages(key)
        if shown is None:
            return
        value, messages = shown
        if messages[index].get(field) == new:
            return
        edited = copy.deepcopy(value)
        get_at(edited, key)[index][field] = new
        self._push(edited, f"Edit {field} of {_where(key, index)}",
                   merge=f"{key}.{index}.{field}")
        if field == "role":
            self.show_row(self.key)  # the card's colour and weight toggle follow the role

    def _card_action(self, key: str, index: int, action: str) -> None:
        shown = self._messages(key)
        if shown is None:
            return
        value, messages = shown
        self._push(with_part(value, key, edit_messages(messages, index, action, key)),
                   f"{ACTION_NAMES[action]} {_where(key, max(index, 0))}")
        self.show_row(self.key)

    def _text_edited(self, key: str, edit: GrowingTextEdit) -> None:
        value = self._value()
        text = edit.toPlainText()
        if value is None or get_at(value, key) == text:
            return
        self._push(with_part(value, key, text), f"Edit {key}", merge=key)

    def _row_changed(self, key: int) -> None:
        if key == self.key and not self._own_edit:
            self.show_row(key)  # an undo, or an edit made elsewhere

    def focus_path(self, path: str, finding: Finding | None = None) -> bool:
        """Put the cursor where a finding points (``messages[2].content``, ``prompt``) and
        select the field (or the finding's span); False when the editor does not show it."""
        key, index, field = parse_path(path)
        part = self.parts.get(key)
        if isinstance(part, GrowingTextEdit):
            part.setFocus()
            return True
        if part is None or index is None or index >= len(part):
            return False
        card = part[index]
        widget = card.focus_field(field or "content", finding)
        self.ensureWidgetVisible(widget)
        return True

    def first_field(self) -> QWidget | None:
        """The first text field shown (where F6 and Enter in the table go)."""
        for part in self.parts.values():
            if isinstance(part, GrowingTextEdit):
                return part
            if part:
                return part[0].content
        return None

    def _focus_place(self) -> tuple[str, int | None, str, int] | None:
        focus = QApplication.focusWidget()
        for section, part in self.parts.items():
            if focus is part and isinstance(part, GrowingTextEdit):
                return section, None, "", part.textCursor().position()
            for card in part if isinstance(part, list) else []:
                for name in ("content", "tool_calls", "role", "weight"):
                    widget = card.field_widget(name)
                    if focus is widget:
                        position = (widget.textCursor().position()
                                    if isinstance(widget, GrowingTextEdit) else 0)
                        return section, card.index, name, position
        return None

    def _restore_focus(self, section: str, index: int | None, name: str, position: int
                       ) -> None:
        part = self.parts.get(section)
        if isinstance(part, GrowingTextEdit):
            widget: QWidget = part
        elif part and index is not None:
            widget = part[min(index, len(part) - 1)].field_widget(name)
        else:
            return
        widget.setFocus()
        if isinstance(widget, GrowingTextEdit):
            cursor = widget.textCursor()
            cursor.setPosition(min(position, len(widget.toPlainText())))
            widget.setTextCursor(cursor)
