"""Problems: the selected example's findings, and the whole file by severity and code.

Severity shows as an icon of its own shape and as a word, never by colour alone. A finding
that has a one-click fix (:mod:`curator.gui.quick_fixes`) offers it on a button and in the
item's context menu; the whole-file list offers to fix every finding of a code at once. The
whole-file list keeps what was expanded when the findings change.
"""

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

from curator.core.api import CODES, SEVERITY_ORDER, Finding
from curator.gui import quick_fixes
from curator.gui.document import Document
from curator.gui.icons import SEVERITY_WORDS, UNCHECKED, severity_icon
from curator.gui.pii_masking import PiiMasker
from curator.gui.wording import for_app

MAX_CHILDREN = 1000  # lines listed under one code; the filter bar shows them all
REFRESH_MS = 250  # typing re-checks at once; the file summary follows a moment later
FINDING = Qt.ItemDataRole.UserRole


def describe(finding: Finding) -> str:
    """A finding as one line of the list: severity in words, code, place, message."""
    where = f" at {finding.path}" if finding.path else ""
    return f"{finding.severity} {finding.code}{where}: {for_app(finding.message)}"


class ProblemsPanel(QWidget):
    jump_to = Signal(object)  # a finding of the selected example: go to where it points
    go_to_line = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._row_side())
        self.tree = QTreeWidget()
        self.tree.setObjectName("file-findings")
        self.tree.setAccessibleName("Findings of the whole file")
        self.tree.setToolTip("Every finding of the file, worst first; click a line to go to "
                             "it, right-click a code to fix all of them")
        self.tree.setHeaderLabels(["Whole file, worst first", "Severity", "Count"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._tree_clicked)
        self.tree.itemActivated.connect(self._tree_clicked)
        self.tree.itemExpanded.connect(self._expand)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        split.addWidget(self.tree)
        layout.addWidget(split)
        self._by_code: dict[str, list[Finding]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_file)
        document.checked.connect(self._checked)
        document.reset.connect(self._checked)

    def _row_side(self) -> QWidget:
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel("This example")
        top_layout.addWidget(self.heading)
        self.row_list = QListWidget()
        self.row_list.setObjectName("row-findings")
        self.row_list.setAccessibleName("Findings of this example")
        self.row_list.setToolTip("Click a finding to go to the field it is about; "
                                 "right-click it for a one-click fix")
        self.row_list.setWordWrap(True)
        self.row_list.itemClicked.connect(self._row_clicked)
        self.row_list.itemActivated.connect(self._row_clicked)
        self.row_list.currentItemChanged.connect(lambda *_: self._offer_fix())
        self.row_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.row_list.customContextMenuRequested.connect(self._row_menu)
        top_layout.addWidget(self.row_list)
        buttons = QHBoxLayout()
        self.fix_button = QPushButton("Fix")
        self.fix_button.setObjectName("quick-fix")
        self.fix_button.setAccessibleName("Quick fix")
        self.fix_button.setToolTip("Make the fix this finding names (one undo step)")
        self.fix_button.clicked.connect(self.fix_selected)
        buttons.addWidget(self.fix_button)
        self.masker = PiiMasker(self.document, self)
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
        buttons.addWidget(self.mask_one)
        buttons.addWidget(self.mask_kind)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        self._offer_fix()
        return top

    def _mask(self, every: bool) -> None:
        """Mask the selected personal data or secret (``every``: all of its kind)."""
        finding = self.selected_finding()
        if finding is None or not self.masker.can_mask(finding):
            return
        if every:
            self.masker.mask_all(finding.code)
        else:
            self.masker.mask(finding)

    def _checked(self) -> None:
        self.show_index(self.index)
        self._timer.start()

    # -- this example ------------------------------------------------------------------------

    def show_index(self, index: int | None) -> None:
        self.index = index
        current = self.row_list.currentRow()
        self.row_list.clear()
        workspace = self.document.workspace
        if index is None or index >= len(workspace):
            self.heading.setText("This example")
            self._offer_fix()
            return
        if not workspace.analysed:
            self.heading.setText(f"Line {index + 1}: not checked yet (the check is running)")
            self._offer_fix()
            return
        findings = workspace.findings_at(index)
        self.heading.setText(f"Line {index + 1}: {len(findings)} finding"
                             f"{'' if len(findings) == 1 else 's'}")
        for finding in findings:
            item = QListWidgetItem(severity_icon(finding.severity), describe(finding))
            item.setData(FINDING, finding)
            item.setToolTip(for_app(finding.message))
            self.row_list.addItem(item)
        if 0 <= current < self.row_list.count():
            self.row_list.setCurrentRow(current)
        self._offer_fix()

    def fixes(self, finding: Finding) -> list[quick_fixes.Fix]:
        workspace = self.document.workspace
        if self.index is None or self.index >= len(workspace):
            return []
        return quick_fixes.fixes_for(finding, workspace.dataset.rows[self.index])

    def selected_finding(self) -> Finding | None:
        item = self.row_list.currentItem()
        found = item.data(FINDING) if item is not None else None
        return found if isinstance(found, Finding) else None

    def _offer_fix(self) -> None:
        finding = self.selected_finding()
        found = self.fixes(finding) if finding is not None else []
        self.fix_button.setEnabled(bool(found))
        self.fix_button.setText(found[0].label if found else "Fix")
        maskable = self.masker.can_mask(finding)
        self.mask_one.setEnabled(maskable)
        self.mask_kind.setEnabled(maskable)

    def fix_selected(self, which: int = 0) -> None:
        """Make a fix of the selected finding (the first, unless ``which`` says)."""
        finding = self.selected_finding()
        found = self.fixes(finding) if finding is not None else []
        if self.index is not None and which < len(found):
            key = self.document.workspace.keys[self.index]
            quick_fixes.apply(self.document, key, found[which])

    def _row_menu(self, at: QPoint) -> None:
        item = self.row_list.itemAt(at)
        if item is not None:
            self.row_menu(item).popup(self.row_list.viewport().mapToGlobal(at))

    def row_menu(self, item: QListWidgetItem) -> QMenu:
        """A finding's context menu: go to it, and its one-click fixes."""
        self.row_list.setCurrentItem(item)
        finding = self.selected_finding()
        found = self.fixes(finding) if finding is not None else []
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("Go to it").triggered.connect(lambda: self._row_clicked(item))
        for i, fix in enumerate(found):
            menu.addAction(fix.label).triggered.connect(
                lambda _=False, i=i: self.fix_selected(i))
        if self.masker.can_mask(finding):
            menu.addAction("Mask this").triggered.connect(lambda: self._mask(False))
            menu.addAction("Mask all of this kind").triggered.connect(lambda: self._mask(True))
        return menu

    def _row_clicked(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING)
        if isinstance(finding, Finding):
            self.jump_to.emit(finding)

    # -- the whole file ----------------------------------------------------------------------

    def top_items(self) -> list[QTreeWidgetItem]:
        return [item for i in range(self.tree.topLevelItemCount())
                if (item := self.tree.topLevelItem(i)) is not None]

    def expanded_codes(self) -> set[str]:
        return {item.data(0, FINDING) for item in self.top_items() if item.isExpanded()}

    def refresh_file(self) -> None:
        expanded = self.expanded_codes()
        scroll = self.tree.verticalScrollBar().value()
        groups: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.document.workspace.all_findings():
            groups[finding.code].append(finding)
        self._by_code = dict(groups)
        self.tree.clear()

        def rank(code: str) -> tuple[int, str]:
            return min(SEVERITY_ORDER[f.severity] for f in groups[code]), code

        for code in sorted(groups, key=rank):
            findings = groups[code]
            worst = min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__)
            spec = CODES.get(code)
            item = QTreeWidgetItem([f"{code} {spec.title if spec else ''}",
                                    SEVERITY_WORDS[worst], f"{len(findings):,}"])
            item.setIcon(0, severity_icon(worst))
            item.setData(0, FINDING, code)
            item.setToolTip(0, f"{worst} {code}: {spec.title if spec else ''}")
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(item)
            if code in expanded:
                item.setExpanded(True)  # fills it (itemExpanded)
        self.tree.verticalScrollBar().setValue(scroll)
        if not groups:
            waiting = not self.document.workspace.analysed and len(self.document.workspace)
            item = QTreeWidgetItem(["Checking the file…" if waiting else "No findings", "",
                                    ""])
            item.setIcon(0, severity_icon(UNCHECKED if waiting else None))
            self.tree.addTopLevelItem(item)

    def _expand(self, item: QTreeWidgetItem) -> None:
        if item.childCount():
            return
        code = item.data(0, FINDING)
        for finding in self._by_code.get(code, [])[:MAX_CHILDREN]:
            where = f"line {finding.line}" if finding.line else "file"
            child = QTreeWidgetItem([f"{where}: {for_app(finding.message)}",
                                     str(finding.severity), ""])
            child.setIcon(0, severity_icon(finding.severity))
            child.setData(0, FINDING, finding.line)
            child.setToolTip(0, for_app(finding.message))
            item.addChild(child)

    def _tree_clicked(self, item: QTreeWidgetItem) -> None:
        line = item.data(0, FINDING)
        if item.parent() is not None and isinstance(line, int) and line > 0:
            self.go_to_line.emit(line)

    def _tree_menu(self, at: QPoint) -> None:
        item = self.tree.itemAt(at)
        if item is None:
            return
        code = (item.parent() or item).data(0, FINDING)
        if not isinstance(code, str):
            return
        fixable = sum(1 for f in self._by_code.get(code, []) if f.line and
                      quick_fixes.fixes_for(f, self.document.workspace.dataset.rows[f.line - 1]))
        if not fixable:
            return
        menu = QMenu(self)
        menu.addAction(f"Fix all {fixable:,} × {code} (one undo step)").triggered.connect(
            lambda: quick_fixes.fix_everywhere(self.document, code))
        menu.popup(self.tree.viewport().mapToGlobal(at))
