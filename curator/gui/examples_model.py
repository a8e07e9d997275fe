"""The examples table: one ``QAbstractTableModel`` over the workspace's rows.

Sorting and filtering happen here, on columns of numbers (numpy), not through a proxy that
would ask ``data()`` for every row: a 100k-row file sorts in milliseconds. ``order`` maps the
table's rows to dataset indices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from curator.core.api import DuplicateState, Severity, Workspace, row_texts
from curator.gui.editor.sections import get_at, sections
from curator.gui.icons import severity_icon

COLUMNS = ("Line", "Status", "First user message", "Messages", "Tokens", "Language", "Cluster")
LINE, STATUS, FIRST, MESSAGES, TOKENS, LANGUAGE, CLUSTER = range(len(COLUMNS))
PREVIEW = 160
VALUE_ROLE = Qt.ItemDataRole.UserRole  # the number behind a cell, not its text
STATUS_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, None: 3}

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


def first_user_message(value: dict[str, Any] | None) -> str:
    """The start of the first user message (or prompt), on one line."""
    if value is None:
        return ""
    text = next((text for role, text in row_texts(value) if role == "user"), "")
    return text[:PREVIEW].replace("\n", " ")


def message_count(value: dict[str, Any] | None) -> int:
    """Messages in every part of the row (a preference row's input and both outputs; a plain
    prompt or completion counts as one)."""
    parts = sections(value) if value is not None else None
    if value is None or parts is None:
        messages = value.get("messages") if value else None
        return len(messages) if isinstance(messages, list) else 0
    count = 0
    for part in parts:
        count += 1 if part.text else len(get_at(value, part.key))
    return count


class ExamplesModel(QAbstractTableModel):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.filter = Filter()
        self.sort_column = LINE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.order = np.arange(0, dtype=np.int64)
        self.known = 0  # workspace rows the order has taken in (a file being read grows)

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
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
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
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return severity_icon(self.workspace.severity_at(row))
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS:
            findings = self.workspace.findings_at(row)
            return "\n".join(f"{f.code}: {f.message}" for f in findings[:10]) or "clean"
        if role == Qt.ItemDataRole.ForegroundRole and column == FIRST:
            value = self.workspace.dataset.rows[row].value
            return None if value is not None else QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LINE, MESSAGES, TOKENS,
                                                                    CLUSTER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: int, column: int) -> Any:
        workspace = self.workspace
        record = workspace.dataset.rows[row]
        if column == LINE:
            return row + 1
        if column == STATUS:
            severity = workspace.severity_at(row)
            return str(severity) if severity else "clean"
        if column == FIRST:
            if record.value is None:
                return "(blank line)" if record.blank else record.raw[:PREVIEW].decode(
                    "utf-8", "replace")
            return first_user_message(record.value)
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
            state = workspace.conclusion("duplicates")
            return (state.cluster_id(key, workspace.line) or None) if isinstance(
                state, DuplicateState) else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel.sort: reorder by a column of numbers."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        rows_before = [int(self.order[i.row()]) if i.isValid() else -1 for i in persistent]
        self.order = self._sorted(self.order)
        where = {int(r): i for i, r in enumerate(self.order)}
        self.changePersistentIndexList(persistent, [
            self.index(where[r], i.column()) if r in where else QModelIndex()
            for r, i in zip(rows_before, persistent, strict=True)])
        self.layoutChanged.emit()

    # -- rows --------------------------------------------------------------------------------

    def set_workspace(self, workspace: Workspace) -> None:
        self.beginResetModel()
        self.workspace = workspace
        self.order = self._visible()
        self.known = len(workspace)
        self.endResetModel()

    def rows_appended(self, first: int, count: int) -> None:
        """Rows read from the file arrive at the end (while a large file loads); rows a
        refresh in between has already taken in are not added twice."""
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
        self.refresh()

    def dataset_index(self, row: int) -> int:
        return int(self.order[row])

    def row_of(self, dataset_index: int) -> int | None:
        hits = np.nonzero(self.order == dataset_index)[0]
        return int(hits[0]) if hits.size else None

    # -- filtering and sorting ---------------------------------------------------------------

    def _visible(self) -> np.ndarray:
        workspace = self.workspace
        rows = np.arange(len(workspace), dtype=np.int64)
        wanted = self.filter
        if wanted.lines:
            rows = rows[np.isin(rows + 1, np.fromiter(wanted.lines, dtype=np.int64))]
        if wanted.only_problems or wanted.severity is not None:
            limit = STATUS_RANK[wanted.severity or Severity.INFO]
            rows = np.array([r for r in rows if STATUS_RANK[workspace.severity_at(int(r))]
                             <= limit], dtype=np.int64)
        if wanted.check:
            hit = {f.line - 1 for f in workspace.all_findings() if f.check == wanted.check}
            rows = np.array([r for r in rows if int(r) in hit], dtype=np.int64)
        if wanted.text:
            needle = wanted.text.casefold()
            data = workspace.dataset.rows
            rows = np.array([r for r in rows if needle in data[int(r)].raw.decode(
                "utf-8", "replace").casefold()], dtype=np.int64)
        return self._sorted(rows)

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        column = self.sort_column
        metrics = self.workspace.metrics
        if column == LINE:
            keys = rows
        elif column in (TOKENS, LANGUAGE) and not metrics.empty:
            by_key = np.asarray(self.workspace.keys, dtype=np.int64)[rows]
            name, missing = ("total", -1) if column == TOKENS else ("lang", "")
            keys = metrics[name].reindex(by_key).fillna(missing).to_numpy()
        else:
            keys = np.array([self._sort_key(int(r), column) for r in rows], dtype=object) if (
                column == FIRST) else np.array(
                [self._sort_key(int(r), column) for r in rows], dtype=np.float64)
        order = np.argsort(keys, kind="stable") if len(rows) else rows
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            order = order[::-1]
        return np.asarray(rows[order], dtype=np.int64)

    def _sort_key(self, row: int, column: int) -> Any:
        if column == STATUS:
            return STATUS_RANK[self.workspace.severity_at(row)]
        if column == FIRST:
            return str(self._display(row, FIRST)).casefold()
        if column == LANGUAGE:
            lang = self._display(row, LANGUAGE) or ""
            return float(int.from_bytes(lang.encode()[:4].ljust(4, b"\0"), "big"))
        value = self._display(row, column)
        return -1.0 if value is None else float(value)
