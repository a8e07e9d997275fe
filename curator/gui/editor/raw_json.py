"""The Raw JSON tab: the line as text, highlighted, with its parse error shown live.

A row that parses shows formatted; an edit that parses is stored as compact JSON, one that
does not is kept as typed (newlines become spaces, so the line stays one line) and shows its
error: nothing is lost, and invalid lines stay editable.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from PySide6.QtCore import QEvent, QRegularExpression
from PySide6.QtGui import QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from curator.core.api import Finding, parse_line
from curator.gui import keyboard, theme
from curator.gui.document import Document
from curator.gui.quick_fixes import steps, walk

RULES = (
    (r'"(?:[^"\\]|\\.)*"(?=\s*:)', "key"),
    (r'"(?:[^"\\]|\\.)*"', "string"),
    (r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b", "number"),
    (r"\b(?:true|false|null)\b", "literal"),
)
HERE = "@@curator-cursor-5f1e@@"  # stands in for the value a path points at


class JsonHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and literals in the theme's colours (each readable on the
    editor's base; :meth:`recolour` when the theme changes)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.rules: list[tuple[QRegularExpression, QTextCharFormat]] = []
        self.recolour()

    def recolour(self) -> None:
        colours = theme.json_colours()
        self.rules = []
        for pattern, name in RULES:
            form = QTextCharFormat()
            form.setForeground(colours[name])
            self.rules.append((QRegularExpression(pattern), form))
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        """Override QSyntaxHighlighter.highlightBlock: keys first, then other tokens."""
        taken: list[tuple[int, int]] = []
        for expression, form in self.rules:
            matches = expression.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                start, length = match.capturedStart(), match.capturedLength()
                if any(a <= start < b for a, b in taken):
                    continue
                taken.append((start, start + length))
                self.setFormat(start, length, form)


def offset_of(value: dict[str, Any], path: str) -> int | None:
    """Where the value at ``path`` starts in :func:`shown_text` of ``value`` (the nearest
    part that exists), or None."""
    where = steps(path)
    while where and walk(value, where) is None:
        where = where[:-1]
    if not where:
        return None
    marked = copy.deepcopy(value)
    holder: Any = walk(marked, where[:-1]) if len(where) > 1 else marked
    holder[where[-1]] = HERE
    try:
        text = json.dumps(marked, indent=2, ensure_ascii=False)
    except RecursionError:
        return None
    found = text.find(f'"{HERE}"')
    return found if found >= 0 else None


def shown_text(raw: bytes, value: object) -> str:
    if value is not None:
        try:
            return json.dumps(value, indent=2, ensure_ascii=False)
        except RecursionError:  # nested deeper than Python's recursion goes: as written
            pass
    return raw.decode("utf-8", "replace")


class RawJsonEditor(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: int | None = None
        self._own_edit = False
        self._loading = False
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setObjectName("raw-text")
        self.text.setAccessibleName("Raw JSON of the example")
        self.text.setToolTip("The line as JSON; an edit that is not valid JSON yet is kept as "
                             "typed and shows its error below")
        keyboard.watch(self.text)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = JsonHighlighter(self.text.document())
        self.text.textChanged.connect(self._edited)
        self.error = QLabel()
        self.error.setObjectName("raw-error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("JSON error")
        self._colour_error()
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        document.row_changed.connect(self._row_changed)
        self.show_row(None)

    def show_row(self, key: int | None) -> None:
        self.key = key
        self._loading = True
        try:
            if key is None:
                self.text.setPlainText("")
                self.text.setReadOnly(True)
                self._show_error("")
                return
            row = self.document.workspace.row(key)
            self.text.setReadOnly(False)
            self.text.setPlainText(shown_text(row.raw, row.value))
            self._show_error(row.error.message if row.error else "")
        finally:
            self._loading = False

    def _edited(self) -> None:
        if self._loading or self.key is None:
            return
        raw = " ".join(self.text.toPlainText().splitlines()).encode()
        value, error = parse_line(raw)
        self._show_error(error.message if error else "")
        self._own_edit = True
        try:
            if error is None:
                self.document.edit_value(self.key, value, "Edit raw JSON", merge="raw")
            else:
                self.document.edit_raw(self.key, raw)
        finally:
            self._own_edit = False

    def _show_error(self, message: str) -> None:
        self.error.setText(f"Not valid JSON: {message}. Your text is kept as it is; the line "
                           "is an error until it parses." if message else "")

    def _row_changed(self, key: int) -> None:
        if key == self.key and not self._own_edit:
            self.show_row(key)

    def go_to(self, finding: Finding) -> None:
        """Put the cursor where ``finding`` is: its column in a line that is not valid JSON,
        else the start of the value its path names."""
        if self.key is None:
            return
        row = self.document.workspace.row(self.key)
        if row.value is None:
            position = max(0, (row.error.column if row.error else finding.column) - 1)
        else:
            position = offset_of(row.value, finding.path) or 0
        cursor = self.text.textCursor()
        cursor.setPosition(min(position, len(self.text.toPlainText())))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        self.text.setFocus()

    def _colour_error(self) -> None:
        sheet = f"color: {theme.css(theme.error_text())}"
        if sheet != self.error.styleSheet():
            self.error.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: colours follow a change of theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_error()
            self.highlighter.recolour()
