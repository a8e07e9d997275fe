"""Duplicate clusters: the list, two members side by side, and keep-one (undoable)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import DuplicateState, Group
from curator.gui.document import Document
from curator.gui.views.diff_html import side_by_side
from curator.gui.views.refresh import Refresher


class DuplicatesView(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.groups: list[Group] = []
        split = QSplitter(Qt.Orientation.Horizontal)
        self.clusters = QListWidget()
        self.clusters.setObjectName("clusters")
        self.clusters.setAccessibleName("Duplicate clusters")
        self.clusters.setToolTip("Every cluster of exact or near duplicates; pick one to "
                                 "compare its members")
        self.clusters.currentRowChanged.connect(self._show_cluster)
        split.addWidget(self.clusters)
        right = QWidget()
        grid = QGridLayout(right)
        self.left_pick, self.right_pick = QComboBox(), QComboBox()
        self.left_pick.currentIndexChanged.connect(lambda _: self._show_pair())
        self.right_pick.currentIndexChanged.connect(lambda _: self._show_pair())
        self.left_text, self.right_text = QTextBrowser(), QTextBrowser()
        self.keep_left = QPushButton("Keep this one, delete the others")
        self.keep_left.setObjectName("keep-left")
        self.keep_left.clicked.connect(lambda: self.keep(self._picked(self.left_pick)))
        self.keep_right = QPushButton("Keep this one, delete the others")
        self.keep_right.setObjectName("keep-right")
        self.keep_right.clicked.connect(lambda: self.keep(self._picked(self.right_pick)))
        for side, pick, text, keep in (("left", self.left_pick, self.left_text, self.keep_left),
                                       ("right", self.right_pick, self.right_text,
                                        self.keep_right)):
            pick.setAccessibleName(f"Member shown on the {side}")
            pick.setToolTip(f"Which member of the cluster to show on the {side}")
            text.setAccessibleName(f"The example on the {side}")
            text.setToolTip("Words only this side has are marked")
            keep.setAccessibleName(f"Keep the {side} one")
            keep.setToolTip(f"Keep the example on the {side} and delete the cluster's other "
                            "members (one undo step)")
        self.similarity = QLabel()
        grid.addWidget(self.left_pick, 0, 0)
        grid.addWidget(self.right_pick, 0, 1)
        grid.addWidget(self.left_text, 1, 0)
        grid.addWidget(self.right_text, 1, 1)
        grid.addWidget(self.keep_left, 2, 0)
        grid.addWidget(self.keep_right, 2, 1)
        grid.addWidget(self.similarity, 3, 0, 1, 2)
        split.addWidget(right)
        split.setSizes([260, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.refresher = Refresher(self, document, self.refresh)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Override QWidget.showEvent: catch up with changes made while hidden."""
        super().showEvent(event)
        self.refresher.now()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: the differences in the new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "refresher"):
            self._show_pair()

    def state(self) -> DuplicateState | None:
        """The duplicates family's state of the open file, if it was checked."""
        state = self.document.workspace.conclusion("duplicates")
        return state if isinstance(state, DuplicateState) else None

    def refresh(self) -> None:
        workspace = self.document.workspace
        current = self.clusters.currentRow()
        state = self.state()
        self.groups = state.clusters(workspace.line) if state else []
        self.clusters.blockSignals(True)
        self.clusters.clear()
        for group in self.groups:
            cluster = group.cluster
            low, high = cluster.similarity
            similar = "identical" if cluster.kind == "exact" else f"{low:.2f}–{high:.2f}"
            item = QListWidgetItem(f"{cluster.id}: {cluster.kind}, {len(cluster.lines)} "
                                   f"examples, {similar} (lines {cluster.lines[0]}…)")
            self.clusters.addItem(item)
        self.clusters.blockSignals(False)
        if self.groups:
            self.clusters.setCurrentRow(min(max(current, 0), len(self.groups) - 1))
            self._show_cluster(self.clusters.currentRow())
        else:
            self._show_cluster(-1)

    def _show_cluster(self, row: int) -> None:
        for pick in (self.left_pick, self.right_pick):
            pick.blockSignals(True)
            pick.clear()
        if 0 <= row < len(self.groups):
            group = self.groups[row]
            for key, line in zip(group.keys, group.cluster.lines, strict=True):
                for pick in (self.left_pick, self.right_pick):
                    pick.addItem(f"line {line}", key)
            self.right_pick.setCurrentIndex(1 if len(group.keys) > 1 else 0)
        for pick in (self.left_pick, self.right_pick):
            pick.blockSignals(False)
        self._show_pair()

    def _picked(self, pick: QComboBox) -> int | None:
        key = pick.currentData()
        return int(key) if key is not None else None

    def _show_pair(self) -> None:
        a, b = self._picked(self.left_pick), self._picked(self.right_pick)
        enabled = a is not None and b is not None
        self.keep_left.setEnabled(enabled)
        self.keep_right.setEnabled(enabled)
        if a is None or b is None:
            self.left_text.setHtml("")
            self.right_text.setHtml("")
            self.similarity.setText("No duplicate clusters." if not self.groups else "")
            return
        workspace = self.document.workspace
        left, right, ratio = side_by_side(workspace.row(a).value, workspace.row(b).value,
                                          self.palette())
        self.left_text.setHtml(left)
        self.right_text.setHtml(right)
        state = self.state()
        index = state.index if state else None
        shingles = index.similarity(a, b) if index and a in index and b in index else None
        exact = f"Jaccard of token shingles {shingles:.2f}; " if shingles is not None else ""
        self.similarity.setText(f"{exact}{ratio:.0%} of words in common. Struck through: "
                                "only on the left; bold: only on the right.")

    def keep(self, key: int | None) -> None:
        """Keep one member of the selected cluster and delete the others, as one step."""
        row = self.clusters.currentRow()
        if key is None or not 0 <= row < len(self.groups):
            return
        group = self.groups[row]
        others = [k for k in group.keys if k != key]
        workspace = self.document.workspace
        self.document.remove_rows(
            others, f"Keep line {workspace.line(key)} of cluster {group.cluster.id}")
