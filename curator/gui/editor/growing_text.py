"""A plain-text editor that grows with its text instead of scrolling inside a card."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES = 2
MAX_LINES = 40


class GrowingTextEdit(QPlainTextEdit):
    def __init__(self, text: str = "", monospace: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if monospace:
            self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlainText(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        lines = max(MIN_LINES, min(MAX_LINES, int(self.document().size().height())))
        height = lines * self.fontMetrics().lineSpacing() + 2 * self.frameWidth() + 10
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Override QWidget.sizeHint: as tall as the text (within limits)."""
        return QSize(super().sizeHint().width(), self.height())
