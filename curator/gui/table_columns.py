"""What the examples table sorts and filters by, as numpy columns.

Sorting 100k rows must not freeze the window, so nothing here is worked out per sort: the
texts and counts of each row are taken when the row arrives or changes (:class:`RowFacts`,
by row key), and what depends on the findings (status, tokens, language, cluster, check
families) is made once per workspace version (:class:`Derived`). A sort is then one
``argsort`` over an array, and a filter a few boolean masks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curator.core.api import SEVERITY_ORDER, DuplicateState, Row, Workspace, first_text
from curator.gui.editor.sections import get_at, sections

PREVIEW = 160
SORT_BYTES = 48  # the sort key of a text: its first bytes, case folded, as UTF-8
UNCHECKED_RANK = 4  # a row the check has not reached sorts after clean ones
CLEAN_RANK = 3


def first_user_message(value: dict[str, Any] | None) -> str:
    """The start of the first user message (or prompt), on one line."""
    if value is None:
        return ""
    text = first_text(value, "user") or ""
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


def shown_first(row: Row) -> str:
    """What the "First user message" column shows for a row."""
    if row.value is None:
        return "(blank line)" if row.blank else row.raw[:PREVIEW].decode("utf-8", "replace")
    return first_user_message(row.value)


class KeyedArray:
    """A numpy column indexed by row key: line numbers count up from 1, added rows down
    from -1, so two arrays hold them without a dictionary."""

    def __init__(self, dtype: Any, missing: Any) -> None:
        self.dtype = np.dtype(dtype)
        self.missing = missing
        self.up = np.full(0, missing, dtype=self.dtype)
        self.down = np.full(0, missing, dtype=self.dtype)

    def _grow(self, array: np.ndarray, size: int) -> np.ndarray:
        if size <= len(array):
            return array
        grown = np.full(max(size, 2 * len(array), 1024), self.missing, dtype=self.dtype)
        grown[:len(array)] = array
        return grown

    def put(self, keys: np.ndarray, values: np.ndarray | list[Any]) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values, dtype=self.dtype)
        up = keys > 0
        if up.any():
            self.up = self._grow(self.up, int(keys[up].max()) + 1)
            self.up[keys[up]] = values[up]
        if (~up).any():
            self.down = self._grow(self.down, int(-keys[~up].min()) + 1)
            self.down[-keys[~up]] = values[~up]

    def get(self, keys: np.ndarray) -> np.ndarray:
        keys = np.asarray(keys, dtype=np.int64)
        out = np.full(len(keys), self.missing, dtype=self.dtype)
        up = keys > 0
        inside = up & (keys < len(self.up))
        out[inside] = self.up[keys[inside]]
        below = ~up & (-keys < len(self.down))
        out[below] = self.down[-keys[below]]
        return out


class RowFacts:
    """Per row, by key: the sort key of its first user message and its message count."""

    def __init__(self) -> None:
        self.first = KeyedArray(f"S{SORT_BYTES}", b"")
        self.messages = KeyedArray(np.int32, -1)
        self.known = KeyedArray(np.bool_, False)

    def take(self, keys: Iterable[int], rows: Iterable[Row]) -> None:
        """Note the facts of these rows (new or changed)."""
        firsts, counts, where = [], [], []
        for key, row in zip(keys, rows, strict=True):
            value = row.value
            firsts.append(shown_first(row).casefold().encode("utf-8")[:SORT_BYTES])
            counts.append(message_count(value) if value is not None else -1)
            where.append(key)
        if where:
            at = np.asarray(where, dtype=np.int64)
            self.first.put(at, firsts)
            self.messages.put(at, counts)
            self.known.put(at, np.ones(len(at), dtype=np.bool_))

    def fill_in(self, workspace: Workspace, keys: np.ndarray) -> None:
        """Take the facts of rows not seen yet (rows inserted since)."""
        missing = np.nonzero(~self.known.get(keys))[0]
        if missing.size:
            rows = workspace.dataset.rows
            self.take((int(keys[i]) for i in missing), (rows[int(i)] for i in missing))


@dataclass
class Derived:
    """What the findings say of each row, by position, for one workspace version."""

    state: tuple[int, int]  # (id of the workspace, its version)
    keys: np.ndarray  # the key of each position
    status: np.ndarray  # severity rank: 0 error .. 3 clean, 4 not checked yet
    tokens: np.ndarray  # -1 when unknown
    language: np.ndarray  # "" when unknown
    cluster: np.ndarray  # 0 when none
    checks: dict[str, np.ndarray] = field(default_factory=dict)  # family -> rows with one


def derive(workspace: Workspace) -> Derived:
    """The columns that depend on the findings, for the workspace as it is now."""
    keys = np.fromiter(workspace.keys, dtype=np.int64, count=len(workspace))
    status = KeyedArray(np.int8, CLEAN_RANK if workspace.analysed else UNCHECKED_RANK)
    worst = workspace.severities()
    if worst:
        status.put(np.fromiter(worst.keys(), dtype=np.int64, count=len(worst)),
                   [SEVERITY_ORDER[s] for s in worst.values()])
    metrics = workspace.metrics
    tokens = np.full(len(keys), -1, dtype=np.int64)
    language = np.full(len(keys), "", dtype=object)
    if not metrics.empty:
        tokens = metrics["total"].reindex(keys).fillna(-1).to_numpy(dtype=np.int64)
        if "lang" in metrics.columns:
            language = metrics["lang"].reindex(keys).fillna("").to_numpy(dtype=object)
    cluster = KeyedArray(np.int32, 0)
    state = workspace.conclusion("duplicates")
    if isinstance(state, DuplicateState):
        for group in state.clusters(workspace.line):
            cluster.put(np.asarray(group.keys, dtype=np.int64),
                        np.full(len(group.keys), group.cluster.id, dtype=np.int32))
    return Derived((id(workspace), workspace.version), keys, status.get(keys), tokens,
                   language, cluster.get(keys))


def rows_of_check(workspace: Workspace, derived: Derived, check: str) -> np.ndarray:
    """Positions of the rows with a finding of the family ``check`` (cached per version)."""
    if check not in derived.checks:
        lines = {f.line for f in workspace.all_findings() if f.check == check and f.line}
        derived.checks[check] = np.asarray(sorted(lines), dtype=np.int64) - 1
    return derived.checks[check]
