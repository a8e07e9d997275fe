"""A list of files to choose in the preferences (the evaluation files a check compares with)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FILTER = "Evaluation sets (*.jsonl *.json *.txt);;All files (*)"


class PathListEditor(QWidget):
    """Files in a list, with Add… (a file dialog) and Remove."""

    def __init__(self, paths: Iterable[str | Path] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("paths")
        self.list.setAccessibleName("Files")
        self.list.setToolTip("The files this setting names, one per line")
        self.list.setMaximumHeight(90)
        for path in paths:
            self.list.addItem(str(path))
        add = QPushButton("Add…")
        add.clicked.connect(self._choose)
        add.setToolTip("Choose a file to add")
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self.remove_selected)
        self.remove.setToolTip("Remove the selected file from the list")
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def paths(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add(self, path: str | Path) -> None:
        if str(path) not in self.paths():
            self.list.addItem(str(path))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Evaluation files", "", FILTER)
        for name in names:
            self.add(name)
