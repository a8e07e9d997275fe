"""Problems: the selected example's findings, and the whole file grouped by code."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import CODES, Finding
from curator.gui.document import Document
from curator.gui.icons import severity_icon
from curator.gui.pii_masking import PiiMasker

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1  # the Finding behind a row of the list

MAX_CHILDREN = 1000  # lines listed under one code; the filter bar shows them all
REFRESH_MS = 250  # typing re-checks at once; the file summary follows a moment later


class ProblemsPanel(QWidget):
    jump_to_path = Signal(str)  # a finding of the selected example: where in it
    go_to_line = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(4, 4, 4, 4)
        self.masker = PiiMasker(document, self)
        self.heading = QLabel("This example")
        top_layout.addLayout(self._mask_buttons())
        self.row_list = QListWidget()
        self.row_list.setObjectName("row-findings")
        self.row_list.setWordWrap(True)
        self.row_list.itemClicked.connect(self._row_clicked)
        self.row_list.currentItemChanged.connect(lambda *_: self._mask_state())
        self.row_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.row_list.customContextMenuRequested.connect(self._menu)
        top_layout.addWidget(self.row_list)
        split.addWidget(top)
        self.tree = QTreeWidget()
        self.tree.setObjectName("file-findings")
        self.tree.setHeaderLabels(["Whole file, by code", "Count"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._tree_clicked)
        self.tree.itemExpanded.connect(self._expand)
        split.addWidget(self.tree)
        layout.addWidget(split)
        self._by_code: dict[str, list[Finding]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_file)
        document.checked.connect(self._checked)
        document.reset.connect(self._checked)

    def _mask_buttons(self) -> QHBoxLayout:
        """The heading, and buttons that mask the selected personal data or secret."""
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        self.mask_one = QPushButton("Mask this")
        self.mask_one.setObjectName("mask-this")
        self.mask_one.setToolTip("Replace this value with a numbered placeholder such as "
                                 "[EMAIL_1] (one undo step)")
        self.mask_one.clicked.connect(lambda: self._mask(False))
        self.mask_kind = QPushButton("Mask all of this kind")
        self.mask_kind.setObjectName("mask-all")
        self.mask_kind.setToolTip("Replace every value of this kind in the file with its "
                                  "placeholder (one undo step)")
        self.mask_kind.clicked.connect(lambda: self._mask(True))
        for button in (self.mask_one, self.mask_kind):
            button.setEnabled(False)
            row.addWidget(button)
        return row

    def selected_finding(self) -> Finding | None:
        item = self.row_list.currentItem()
        found = item.data(FINDING_ROLE) if item is not None else None
        return found if isinstance(found, Finding) else None

    def _mask_state(self) -> None:
        maskable = self.masker.can_mask(self.selected_finding())
        self.mask_one.setEnabled(maskable)
        self.mask_kind.setEnabled(maskable)

    def _mask(self, every: bool) -> None:
        finding = self.selected_finding()
        if finding is None or not self.masker.can_mask(finding):
            return
        if every:
            self.masker.mask_all(finding.code)
        else:
            self.masker.mask(finding)

    def _menu(self, at: QPoint) -> None:
        item = self.row_list.itemAt(at)
        if item is None:
            return
        self.row_list.setCurrentItem(item)
        if not self.masker.can_mask(self.selected_finding()):
            return
        menu = QMenu(self)
        menu.addAction("Mask this", lambda: self._mask(False))
        menu.addAction("Mask all of this kind", lambda: self._mask(True))
        menu.exec(self.row_list.viewport().mapToGlobal(at))

    def _checked(self) -> None:
        self.show_index(self.index)
        self._timer.start()

    def show_index(self, index: int | None) -> None:
        self.index = index
        self.row_list.clear()
        workspace = self.document.workspace
        if index is None or index >= len(workspace):
            self.heading.setText("This example")
            self._mask_state()
            return
        findings = workspace.findings_at(index)
        self.heading.setText(f"Line {index + 1}: {len(findings)} finding"
                             f"{'' if len(findings) == 1 else 's'}")
        for finding in findings:
            where = f" at {finding.path}" if finding.path else ""
            item = QListWidgetItem(severity_icon(finding.severity),
                                   f"{finding.code}{where}: {finding.message}")
            item.setData(Qt.ItemDataRole.UserRole, finding.path)
            item.setData(FINDING_ROLE, finding)
            self.row_list.addItem(item)
        self._mask_state()

    def refresh_file(self) -> None:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.document.workspace.all_findings():
            groups[finding.code].append(finding)
        self._by_code = dict(groups)
        self.tree.clear()
        for code in sorted(groups):
            findings = groups[code]
            spec = CODES.get(code)
            item = QTreeWidgetItem([f"{code} {spec.title if spec else ''}", str(len(findings))])
            item.setIcon(0, severity_icon(findings[0].severity))
            item.setData(0, Qt.ItemDataRole.UserRole, code)
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(item)

    def _expand(self, item: QTreeWidgetItem) -> None:
        if item.childCount():
            return
        code = item.data(0, Qt.ItemDataRole.UserRole)
        for finding in self._by_code.get(code, [])[:MAX_CHILDREN]:
            where = f"line {finding.line}" if finding.line else "file"
            child = QTreeWidgetItem([f"{where}: {finding.message}", ""])
            child.setData(0, Qt.ItemDataRole.UserRole, finding.line)
            child.setToolTip(0, finding.message)
            item.addChild(child)

    def _row_clicked(self, item: QListWidgetItem) -> None:
        self.jump_to_path.emit(item.data(Qt.ItemDataRole.UserRole) or "")

    def _tree_clicked(self, item: QTreeWidgetItem) -> None:
        line = item.data(0, Qt.ItemDataRole.UserRole)
        if item.parent() is not None and isinstance(line, int) and line > 0:
            self.go_to_line.emit(line)
