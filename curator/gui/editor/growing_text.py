"""A plain-text editor that grows with its text instead of scrolling inside a card."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFontDatabase, QPalette, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

from curator.core.api import Severity
from curator.gui import keyboard, theme

MIN_LINES = 2
MAX_LINES = 40


class GrowingTextEdit(QPlainTextEdit):
    def __init__(self, text: str = "", monospace: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[tuple[int, int, str]] = []
        self.field_mark: tuple[Severity, str] | None = None  # a finding about the whole field
        self.tip = ""  # what the field is; the findings' texts follow it in the tooltip
        keyboard.watch(self)  # the window's Ctrl+Z, Ctrl+E...; Tab moves on
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
        self._tooltip()

    def set_field_mark(self, mark: tuple[Severity, str] | None) -> None:
        """Frame the whole field in its severity's colour (a finding with no span), with the
        finding as its tooltip and accessible description; None takes the frame away."""
        self.field_mark = mark
        self._frame()
        self._tooltip()

    def _frame(self) -> None:
        sheet = ""
        if self.field_mark is not None:
            colour = theme.css(theme.severity_colour(self.field_mark[0]))
            sheet = f"QPlainTextEdit {{ border: 2px solid {colour}; border-radius: 3px; }}"
        if sheet != self.styleSheet():  # a new sheet could bring a new palette event
            self.setStyleSheet(sheet)

    def _tooltip(self) -> None:
        texts = ([self.field_mark[1]] if self.field_mark else []) + [t for _, _, t in self.marks]
        self.setToolTip("\n".join([self.tip, *texts]).strip())
        self.setAccessibleDescription("; ".join(texts))

    def set_tip(self, tip: str) -> None:
        """What the field is (its tooltip, before any finding's text)."""
        self.tip = tip
        self._tooltip()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: marks follow a change of theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.field_mark is not None:
            self._frame()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Override QWidget.resizeEvent: a new width wraps the text anew."""
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        """Override QWidget.sizeHint: as tall as the text (within limits)."""
        return QSize(super().sizeHint().width(), self.height())
