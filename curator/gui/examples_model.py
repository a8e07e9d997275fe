"""The examples table: one ``QAbstractTableModel`` over the workspace's rows.

Sorting and filtering happen here, on numpy columns (:mod:`curator.gui.table_columns`), not
through a proxy that would ask ``data()`` for every row: a 100k-row file sorts by any column
in a few tens of milliseconds. ``order`` maps the table's rows to dataset indices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from curator.core.api import SEVERITY_ORDER, Severity, Workspace
from curator.gui import theme
from curator.gui.icons import SEVERITY_WORDS, UNCHECKED, severity_icon
from curator.gui.table_columns import (
    CLEAN_RANK,
    SORT_BYTES,
    UNCHECKED_RANK,
    Derived,
    RowFacts,
    derive,
    message_count,
    rows_of_check,
    shown_first,
)
from curator.gui.text_search import TextSearch
from curator.gui.wording import for_app

COLUMNS = ("Line", "Status", "First user message", "Messages", "Tokens", "Language", "Cluster")
LINE, STATUS, FIRST, MESSAGES, TOKENS, LANGUAGE, CLUSTER = range(len(COLUMNS))
TIPS = ("The line of the file", "The worst finding of the example",
        "The start of the first user message", "Messages in the example",
        "Tokens in the example (with the chat formatting)", "The language it is written in",
        "The duplicate cluster it belongs to")
VALUE_ROLE = Qt.ItemDataRole.UserRole  # the number behind a cell, not its text
STATUS_RANK: dict[Severity | None, int] = {None: CLEAN_RANK, **dict(SEVERITY_ORDER.items())}
BY_RANK: dict[int, Severity | str | None] = {
    **{rank: severity for severity, rank in STATUS_RANK.items()}, UNCHECKED_RANK: UNCHECKED}

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Filter:
    text: str = ""
    severity: Severity | None = None  # rows with a finding at least this bad
    check: str = ""  # a check family, e.g. "schema"
    only_problems: bool = False
    lines: frozenset[int] = field(default_factory=frozenset)  # a histogram bar's rows

    @property
    def active(self) -> bool:
        return bool(self.text or self.severity or self.check or self.only_problems or
                    self.lines)


class ExamplesModel(QAbstractTableModel):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.filter = Filter()
        self.sort_column = LINE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.order = np.arange(0, dtype=np.int64)
        self.known = 0  # workspace rows the order has taken in (a file being read grows)
        self.facts = RowFacts()
        self.search = TextSearch(self.refresh, self)
        self._derived: Derived | None = None

    # -- Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Override QAbstractItemModel.rowCount."""
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Override QAbstractItemModel.columnCount."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractItemModel.headerData."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{TIPS[section]}; click to sort by it"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractItemModel.data."""
        if not index.isValid() or not 0 <= index.row() < len(self.order):
            return None
        row = int(self.order[index.row()])
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self._display(row, column)
            return None if shown is None else str(shown)
        if role == VALUE_ROLE:
            return self._display(row, column)
        if column == STATUS and role in (Qt.ItemDataRole.DecorationRole,
                                         Qt.ItemDataRole.ToolTipRole):
            return self._status(row, role)
        if role == Qt.ItemDataRole.ForegroundRole and column == FIRST:
            value = self.workspace.dataset.rows[row].value
            return None if value is not None else QBrush(theme.error_text())
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LINE, MESSAGES, TOKENS,
                                                                    CLUSTER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _severity(self, row: int) -> Severity | str | None:
        return BY_RANK[int(self.derived().status[row])]

    def _status(self, row: int, role: int) -> Any:
        severity = self._severity(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(severity)
        if severity == UNCHECKED:
            return "not checked yet: the check is still running"
        findings = self.workspace.findings_at(row)
        return "\n".join(f"{f.severity} {f.code}: {for_app(f.message)}"
                         for f in findings[:10]) or "clean: no findings"

    def _display(self, row: int, column: int) -> Any:
        workspace = self.workspace
        record = workspace.dataset.rows[row]
        if column == LINE:
            return row + 1
        if column == STATUS:
            return SEVERITY_WORDS[self._severity(row)]
        if column == FIRST:
            return shown_first(record)
        if column == MESSAGES:
            return message_count(record.value)
        key = workspace.keys[row]
        metrics = workspace.metrics
        if column == TOKENS:
            if key not in metrics.index:
                return None
            return int(metrics.at[key, "total"])  # type: ignore[arg-type]
        if column == LANGUAGE:
            return (metrics.at[key, "lang"] or "?") if key in metrics.index and (
                "lang" in metrics.columns) else None
        if column == CLUSTER:
            cluster = int(self.derived().cluster[row])
            return cluster or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel.sort: reorder by a column of numbers."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        rows_before = [int(self.order[i.row()]) if i.isValid() else -1 for i in persistent]
        self.order = self._sorted(self.order)
        where = np.full(len(self.workspace) + 1, -1, dtype=np.int64)
        where[self.order] = np.arange(len(self.order))
        self.changePersistentIndexList(persistent, [
            self.index(int(where[r]), i.column()) if r >= 0 and where[r] >= 0 else QModelIndex()
            for r, i in zip(rows_before, persistent, strict=True)])
        self.layoutChanged.emit()

    # -- rows --------------------------------------------------------------------------------

    def set_workspace(self, workspace: Workspace) -> None:
        self.beginResetModel()
        self.workspace = workspace
        self.facts = RowFacts()
        self._derived = None
        self.facts.take(workspace.keys, workspace.dataset.rows)
        self.order = self._visible()
        self.known = len(workspace)
        self.endResetModel()

    def rows_read(self, first: int, count: int) -> None:
        """Rows just read from the file (a batch): their texts and counts are taken now,
        while they hold their parsed values, a batch at a time (taking them all at the
        100 ms notice would stall the window for as long)."""
        end = first + count
        workspace = self.workspace
        self.facts.take(workspace.keys[first:end], workspace.dataset.rows[first:end])

    def rows_appended(self, first: int, count: int) -> None:
        """Rows read from the file arrive at the end (while a large file loads); rows a
        refresh in between has already taken in are not added twice. Their facts were
        taken as they were read (:meth:`rows_read`; any missing are taken when sorted)."""
        end = first + count
        if end <= self.known:
            return
        if self.filter.active or self.sort_column != LINE or (
                self.sort_order != Qt.SortOrder.AscendingOrder):
            self.refresh()
            return
        start = len(self.order)
        self.beginInsertRows(QModelIndex(), start, start + end - self.known - 1)
        self.order = np.concatenate([self.order, np.arange(self.known, end)])
        self.known = end
        self.endInsertRows()

    def row_changed(self, key: int) -> None:
        """A row's content changed: its texts and counts are taken again."""
        if key in self.workspace:
            self.facts.take([key], [self.workspace.row(key)])
            self.search.forget(key)

    def refresh(self) -> None:
        """Filter and sort again (after rows moved, or a new filter)."""
        self.beginResetModel()
        self.order = self._visible()
        self.known = len(self.workspace)
        self.endResetModel()

    def findings_changed(self) -> None:
        if self.order.size:
            self.dataChanged.emit(self.index(0, STATUS),
                                  self.index(len(self.order) - 1, len(COLUMNS) - 1))

    def set_filter(self, new: Filter) -> None:
        self.filter = new
        if not new.text or self.search.start(self.workspace, new.text.casefold()):
            self.refresh()  # else the search refreshes the table when it is done

    def dataset_index(self, row: int) -> int:
        return int(self.order[row])

    def row_of(self, dataset_index: int) -> int | None:
        hits = np.nonzero(self.order == dataset_index)[0]
        return int(hits[0]) if hits.size else None

    def problem_rows(self) -> np.ndarray:
        """Table rows (in table order) whose example has a finding."""
        ranks = self.derived().status[self.order] if self.order.size else self.order
        return np.nonzero(ranks < CLEAN_RANK)[0]

    # -- filtering and sorting ---------------------------------------------------------------

    def derived(self) -> Derived:
        """The columns that depend on the findings, made once per workspace version."""
        workspace = self.workspace
        derived = self._derived
        if derived is None or derived.state != (id(workspace), workspace.version) or len(
                derived.keys) != len(workspace):
            derived = self._derived = derive(workspace)
        return derived

    def _visible(self) -> np.ndarray:
        workspace = self.workspace
        derived = self.derived()
        keep = np.ones(len(workspace), dtype=np.bool_)
        wanted = self.filter
        if wanted.lines:
            keep &= np.isin(np.arange(1, len(workspace) + 1),
                            np.fromiter(wanted.lines, dtype=np.int64))
        if wanted.only_problems or wanted.severity is not None:
            keep &= derived.status <= STATUS_RANK[wanted.severity or Severity.INFO]
        if wanted.check:
            hit = np.zeros(len(workspace), dtype=np.bool_)
            hit[rows_of_check(workspace, derived, wanted.check)] = True
            keep &= hit
        if wanted.text:
            keep &= self.search.mask(workspace, derived.keys)
        return self._sorted(np.nonzero(keep)[0].astype(np.int64))

    def sort_keys(self, rows: np.ndarray, column: int) -> tuple[np.ndarray, ...]:
        """What ``rows`` sort by in ``column``, most significant last (as ``np.lexsort``)."""
        derived = self.derived()
        if column == FIRST:
            self.facts.fill_in(self.workspace, derived.keys[rows])
            words = self.facts.first.get(derived.keys[rows]).astype(f"S{SORT_BYTES}")
            split = words.view(">u8").reshape(-1, SORT_BYTES // 8).astype(np.uint64)
            return tuple(split[:, i] for i in reversed(range(SORT_BYTES // 8)))
        if column == MESSAGES:
            self.facts.fill_in(self.workspace, derived.keys[rows])
            return (self.facts.messages.get(derived.keys[rows]),)
        if column == LANGUAGE:
            codes = derived.language[rows].astype("U8").astype("S8")
            return (codes.view(">u8").astype(np.uint64),)
        columns = {STATUS: derived.status, TOKENS: derived.tokens, CLUSTER: derived.cluster}
        return (columns[column][rows],) if column in columns else (rows,)

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        if self.sort_column == LINE:
            rows = np.sort(rows)
        elif len(rows):
            rows = np.sort(rows)  # equal keys keep the file's order
            order = np.lexsort(self.sort_keys(rows, self.sort_column))
            rows = rows[order]
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            rows = rows[::-1]
        return np.asarray(rows, dtype=np.int64)


assert UNCHECKED_RANK > CLEAN_RANK  # rows not yet checked sort after clean ones
