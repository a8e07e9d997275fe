"""The Template tab: the selected example as TRL trains it on an open model, the text its chat
template renders with the tokens TRL trains highlighted (as trainers' debugging tools colour
the masked tokens) and the part ``max_length`` cuts off struck through.

Colours come from the palette (highlight, placeholder text), so they read in light, dark and
high-contrast themes.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QPalette, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from curator.core.api import TemplateView, template_view
from curator.gui.document import Document

NOT_OPEN = ("The target model is not an open model. Choose Llama 3, Mistral (with a chat "
            "template of yours) or Qwen 2.5 as the target in Edit › Preferences to see the "
            "text TRL trains on, with the trained tokens highlighted.")


class TemplateTab(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: int | None = None
        self.view: TemplateView | None = None
        self._stale = True
        self.summary = QLabel()
        self.summary.setObjectName("template-summary")
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("template-text")
        self.text.setAccessibleName("The example as the model is trained on it")
        self.text.setToolTip("The example rendered with the open model's chat template: the "
                             "trained tokens highlighted, what max_length cuts struck through")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        document.row_changed.connect(self._row_changed)
        document.checked.connect(self._later)  # the settings (target, files) may be new

    def show_row(self, key: int | None) -> None:
        self.key = key
        self._later()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Override QWidget.showEvent: render what was selected while hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _later(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _row_changed(self, key: int) -> None:
        if key == self.key:
            self._later()

    def refresh(self) -> None:
        self._stale = False
        workspace = self.document.workspace
        if self.key is None or self.key not in workspace:
            self.view = None
            self._show("Select an example to see it as TRL trains it.", "")
            return
        row = workspace.row(self.key)
        self.view = view = template_view(row.value, workspace.shape, workspace.settings)
        if view is None:
            self._show(NOT_OPEN, "")
        elif view.problem:
            self._show(view.problem, "")
        else:
            self._show(_summary(view), view.text)
            self._mark(view)
            self._reveal(view.trained[0][0] if view.trained else 0)

    def _show(self, summary: str, text: str) -> None:
        self.summary.setText(summary)
        self.text.setPlainText(text)
        self.text.setExtraSelections([])

    def _reveal(self, position: int) -> None:
        """Scroll so that the first trained text shows near the top."""
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(cursor)  # from the end back, the position lands on top
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def _mark(self, view: TemplateView) -> None:
        palette = self.text.palette()
        tint = palette.color(QPalette.ColorRole.Highlight)
        tint.setAlpha(90)
        trained = QTextCharFormat()
        trained.setBackground(tint)
        cut = QTextCharFormat()
        cut.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        cut.setFontStrikeOut(True)
        marks = [(start, end, trained) for start, end in view.trained]
        if view.cut is not None:
            marks.append((view.cut, len(view.text), cut))
        selections = []
        for start, end, form in marks:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = form
            selections.append(selection)
        self.text.setExtraSelections(selections)


def _summary(view: TemplateView) -> str:
    how = "" if view.exact else " (approximate: give its tokenizer.json in Preferences)"
    parts = [f"<b>{view.total:,} tokens</b> ({view.tokenizer}{how}), rendered with "
             f"{view.template}; <b>{view.trained_tokens:,} trained</b> (highlighted)."]
    if view.cut is not None:
        parts.append(f"max_length {view.max_length:,} cuts what is struck through: "
                     f"{view.lost:,} trained tokens are lost.")
    return " ".join(parts)
