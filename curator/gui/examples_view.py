"""The examples table with its filter bar; selection is reported as dataset indices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from curator.gui.document import Document
from curator.gui.examples_model import FIRST, ExamplesModel, Filter
from curator.gui.filter_bar import FilterBar


class ExamplesView(QWidget):
    selected = Signal(object)  # dataset index, or None
    wants_editor = Signal()  # Enter in the table: edit the selected example

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ExamplesModel(document.workspace)
        self._key: int | None = None
        self.filter_bar = FilterBar()
        self.table = QTableView()
        self.table.setObjectName("examples")
        self.table.setAccessibleName("Examples")
        self.table.setToolTip("Every line of the file; click a header to sort, Enter to edit "
                              "the selected example, F8 for the next problem")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.installEventFilter(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FIRST, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (1, 80), (3, 75), (4, 70), (5, 75), (6, 60)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table)
        self.filter_bar.changed.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._current)
        document.reset.connect(self._reset)
        document.rows_read.connect(self.model.rows_read)
        document.rows_appended.connect(self.model.rows_appended)
        document.row_changed.connect(self.model.row_changed)
        document.rows_moved.connect(self._rows_moved)
        document.checked.connect(self.model.findings_changed)

    def current_index(self) -> int | None:
        current = self.table.currentIndex()
        return self.model.dataset_index(current.row()) if current.isValid() else None

    def select_index(self, dataset_index: int | None) -> None:
        row = self.model.row_of(dataset_index) if dataset_index is not None else None
        if row is None:
            self.table.clearSelection()
            self.selected.emit(None)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect |
            QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def step_problem(self, forward: bool) -> None:
        """Select the next (or previous) row, in table order, that has a finding."""
        rows = self.model.problem_rows()
        if not rows.size:
            return
        current = self.table.currentIndex()
        here = current.row() if current.isValid() else (-1 if forward else len(
            self.model.order))
        after = rows[rows > here] if forward else rows[rows < here][::-1]
        row = int(after[0]) if after.size else int(rows[0] if forward else rows[-1])
        self.select_index(self.model.dataset_index(row))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Override QObject.eventFilter: Enter in the table goes to the editor."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and
                isinstance(event, QKeyEvent) and
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.wants_editor.emit()
            return True
        return False

    def _current(self) -> None:
        index = self.current_index()
        self._key = self.document.workspace.keys[index] if index is not None else None
        self.selected.emit(index)

    def _filter(self, new: Filter) -> None:
        keep = self._key
        self.model.set_filter(new)
        self._reselect(keep)

    def _reselect(self, key: int | None) -> None:
        workspace = self.document.workspace
        if key is not None and key in workspace.keys:
            self.select_index(workspace.position(key))
        else:
            self.selected.emit(self.current_index())

    def _rows_moved(self) -> None:
        keep = self._key  # the selected row's key, from before the rows moved
        self.model.refresh()
        self._reselect(keep)

    def _reset(self) -> None:
        self._key = None
        self.model.set_workspace(self.document.workspace)
        self.selected.emit(None)
