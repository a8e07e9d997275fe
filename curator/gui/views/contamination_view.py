"""Contamination: every training example that overlaps an evaluation file, and the two side
by side with what they share marked; go to the example, or delete it (undoable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import ContaminationState, Match, item_example
from curator.gui.document import Document
from curator.gui.views.diff_html import in_common
from curator.gui.views.refresh import Refresher

KINDS = {"E001": "prompt", "E002": "answer", "E003": "passage"}
HOW = {"exact": "exact copy", "near": "near copy", "13-gram": "shared 13-word passages"}


def shared_style(palette: QPalette) -> str:
    """The palette's highlight blended into its base: readable in light and dark themes."""
    base, mark = palette.color(QPalette.ColorRole.Base), palette.color(
        QPalette.ColorRole.Highlight)
    mixed = QColor((base.red() * 3 + mark.red() * 2) // 5, (base.green() * 3 + mark.green() * 2)
                   // 5, (base.blue() * 3 + mark.blue() * 2) // 5)
    return f"background:{mixed.name()}"


class ContaminationView(QWidget):
    """Emits ``go_to_line(line)``."""

    go_to_line = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.matches: list[tuple[int, Match]] = []
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setObjectName("matches")
        self.list.setAccessibleName("Overlaps with the evaluation files")
        self.list.setToolTip("Each training example that overlaps an evaluation item: its line, "
                             "the part (prompt or answer), the code and the similarity")
        self.list.currentRowChanged.connect(self._show)
        split.addWidget(self.list)
        right = QWidget()
        grid = QGridLayout(right)
        self.left_title, self.right_title = QLabel(), QLabel()
        self.left_text, self.right_text = QTextBrowser(), QTextBrowser()
        for text, side in ((self.left_text, "training example"),
                           (self.right_text, "evaluation item")):
            text.setAccessibleName(f"The {side}")
            text.setToolTip(f"The {side}; the words both sides share are highlighted")
        self.go = QPushButton("Go to this example")
        self.go.clicked.connect(self._go)
        self.go.setToolTip("Select this example in the table and the editor")
        self.delete = QPushButton("Delete this example")
        self.delete.setObjectName("delete-contaminated")
        self.delete.setToolTip("Delete this training example from the file (one undo step)")
        self.delete.clicked.connect(self.delete_current)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.go)
        buttons.addWidget(self.delete)
        grid.addWidget(self.left_title, 0, 0)
        grid.addWidget(self.right_title, 0, 1)
        grid.addWidget(self.left_text, 1, 0)
        grid.addWidget(self.right_text, 1, 1)
        grid.addLayout(buttons, 2, 0)
        grid.addWidget(self.summary, 2, 1)
        split.addWidget(right)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.refresher = Refresher(self, document, self.refresh)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Override QWidget.showEvent: catch up with changes made while hidden."""
        super().showEvent(event)
        self.refresher.now()

    def state(self) -> ContaminationState | None:
        """The contamination family's state of the open file, if it was checked with
        evaluation files."""
        state = self.document.workspace.conclusion("contamination")
        return state if isinstance(state, ContaminationState) else None

    def refresh(self) -> None:
        workspace = self.document.workspace
        state = self.state()
        current = self.list.currentRow()
        found = state.matches() if state else []
        self.matches = sorted((m for m in found if m[0] in workspace),
                              key=lambda m: (workspace.line(m[0]), m[1].code))
        self.list.blockSignals(True)
        self.list.clear()
        for key, match in self.matches:
            path, line = state.index.where(match.item) if state else ("", 0)
            self.list.addItem(QListWidgetItem(
                f"line {workspace.line(key)}: {KINDS[match.code]} ({match.code}), "
                f"{Path(path).name}:{line}, {match.similarity:.2f}"))
        self.list.blockSignals(False)
        if self.matches:
            self.list.setCurrentRow(min(max(current, 0), len(self.matches) - 1))
            self._show(self.list.currentRow())
        else:
            self._show(-1)

    def current(self) -> tuple[int, Match] | None:
        row = self.list.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def _show(self, row: int) -> None:
        state, picked = self.state(), self.current()
        self.go.setEnabled(picked is not None)
        self.delete.setEnabled(picked is not None)
        if state is None or picked is None or not 0 <= row < len(self.matches):
            for widget in (self.left_text, self.right_text):
                widget.setHtml("")
            self.left_title.setText("")
            self.right_title.setText("")
            self.summary.setText("No example overlaps the evaluation files." if state else
                                 "Choose evaluation files in Preferences (or run "
                                 "`curator-cli validate --against EVAL.jsonl`) to check the "
                                 "file against them.")
            return
        key, match = picked
        workspace = self.document.workspace
        path, line = state.index.where(match.item)
        shown = item_example(path, line)
        left, right, _ = in_common(workspace.row(key).value, shown, shared_style(self.palette()))
        self.left_text.setHtml(left)
        self.right_text.setHtml(right if shown is not None else
                                f"<i>{path} line {line} is no longer there.</i>")
        self.left_title.setText(f"<b>Training</b>, line {workspace.line(key)} "
                                f"({match.path})")
        self.right_title.setText(f"<b>Evaluation</b>, {Path(path).name} line {line}")
        self.summary.setText(
            f"{HOW[match.how]} of the evaluation {KINDS[match.code]}, similarity "
            f"{match.similarity:.2f}" + (f"; {match.others} more evaluation items match"
                                         if match.others else "")
            + ". Marked: runs of words the two share.")

    def _go(self) -> None:
        picked = self.current()
        if picked is not None:
            self.go_to_line.emit(self.document.workspace.line(picked[0]))

    def delete_current(self) -> None:
        """Delete the training example of the selected match (one undoable step)."""
        picked = self.current()
        if picked is None:
            return
        line = self.document.workspace.line(picked[0])
        self.document.remove_rows([picked[0]], f"Delete line {line} (in the evaluation set)")
