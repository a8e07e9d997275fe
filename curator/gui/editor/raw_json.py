"""The Raw JSON tab: the line as text, highlighted, with its parse error shown live.

A row that parses shows formatted; an edit that parses is stored as compact JSON, one that
does not is kept as typed (newlines become spaces, so the line stays one line) and shows its
error: nothing is lost, and invalid lines stay editable.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QColor, QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from curator.core.api import parse_line
from curator.gui.document import Document

RULES = (
    (r'"(?:[^"\\]|\\.)*"(?=\s*:)', "#6a1b9a"),  # keys
    (r'"(?:[^"\\]|\\.)*"', "#2e7d32"),  # strings
    (r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b", "#1565c0"),
    (r"\b(?:true|false|null)\b", "#ef6c00"),
)


class JsonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.rules = []
        for pattern, color in RULES:
            form = QTextCharFormat()
            form.setForeground(QColor(color))
            self.rules.append((QRegularExpression(pattern), form))

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
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = JsonHighlighter(self.text.document())
        self.text.textChanged.connect(self._edited)
        self.error = QLabel()
        self.error.setObjectName("raw-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
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
