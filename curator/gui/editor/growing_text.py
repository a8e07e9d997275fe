"""A plain-text editor that grows with its text instead of scrolling inside a card."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase, QPalette, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

MIN_LINES = 2
MAX_LINES = 40


class GrowingTextEdit(QPlainTextEdit):
    def __init__(self, text: str = "", monospace: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[tuple[int, int, str]] = []
        if monospace:
            self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlainText(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        # QPlainTextEdit lays out only the blocks it shows, so the document's own line count
        # misses wrapped lines further down; asking each block's bounding rect lays it out
        layout = self.document().documentLayout()
        block = self.document().begin()
        text_height = 0.0
        while block.isValid():
            text_height += layout.blockBoundingRect(block).height()
            block = block.next()
        spacing = self.fontMetrics().lineSpacing()
        shown = max(MIN_LINES * spacing, min(MAX_LINES * spacing, int(text_height) + 1))
        height = shown + 2 * self.frameWidth() + 10
        if height != self.height():
            self.setFixedHeight(height)

    def set_marks(self, marks: list[tuple[int, int, str]]) -> None:
        """Underline and tint character ranges ``[start, end)`` (a finding's span), with the
        palette's link colour so it reads in light, dark and high-contrast themes; ``marks``
        carry a text for the tooltip."""
        selections = []
        length = len(self.toPlainText())
        colour = self.palette().color(QPalette.ColorRole.Link)
        tint = self.palette().color(QPalette.ColorRole.Highlight)
        tint.setAlpha(60)
        for start, end, _ in marks:
            start, end = max(0, min(start, length)), max(0, min(end, length))
            if end <= start:
                continue
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            form = QTextCharFormat()
            form.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            form.setUnderlineColor(colour)
            form.setBackground(tint)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = form
            selections.append(selection)
        self.marks = marks
        self.setExtraSelections(selections)
        self.setToolTip("\n".join(text for _, _, text in marks))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Override QWidget.resizeEvent: a new width wraps the text anew."""
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        """Override QWidget.sizeHint: as tall as the text (within limits)."""
        return QSize(super().sizeHint().width(), self.height())
