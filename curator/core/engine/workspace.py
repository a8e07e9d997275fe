"""An open dataset under edit, with every row's findings kept current as rows change.

The app edits rows one at a time; re-running the whole file after each keystroke would not do.
A :class:`Workspace` gives each row a stable key (its line number when the file was opened, a
fresh number for rows added later) and keeps, per key, the row's own findings (what the
families' row checks said) and its metrics; each family's conclusion keeps its own per-row
state (fences, expected languages, duplicate clusters) and hears of every edit.

A full check (:func:`~curator.core.engine.pipeline.validate_path` or ``validate_dataset``
with keys) is adopted as a whole; an edit re-checks that one row with every family's row
checks and tells every conclusion (:meth:`Conclusion.update`), so the row's duplicate
neighbours change with it. Findings come out with current line numbers. Every change is
announced on :attr:`Workspace.events`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from curator.core.engine.chunks import RowChecker
from curator.core.engine.events import WorkspaceEvents
from curator.core.engine.metrics import Gathered, frame_of
from curator.core.engine.pipeline import Analysis, families_for, make_run
from curator.core.engine.settings import default_settings
from curator.core.families.protocol import Conclusion, Family, RowResult
from curator.core.model.dataset import Dataset, Row
from curator.core.model.findings import (
    SEVERITY_ORDER,
    Finding,
    Severity,
    select_findings,
    sort_findings,
)
from curator.core.model.settings import Settings
from curator.core.model.shapes import Shape, detect_shape

# what a workspace keeps when it takes over a background check: its rows and their order
_OWN = frozenset({"dataset", "keys", "_next_key", "touched", "version", "_positions",
                  "events", "_severity", "_row_severity"})


class Workspace:
    """A :class:`Dataset` plus its findings, kept current under edits."""

    def __init__(self, dataset: Dataset, settings: Settings | None = None,
                 keys: list[int] | None = None) -> None:
        self.settings = settings or default_settings()
        self.dataset = dataset
        self.keys: list[int] = keys if keys is not None else list(range(1, len(dataset) + 1))
        self._next_key = -1  # rows added later count down, so they never meet a line number
        self.shape: Shape = self.settings.core.shape or detect_shape(
            row.value for row in dataset.rows[:10_000] if row.value is not None)
        self.analysed = False
        self.families: list[Family] = families_for(self.settings)
        self.own: dict[int, list[Finding]] = {}  # each row's findings from the row checks
        self.conclusions: dict[str, Conclusion] = {}
        self.metrics = pd.DataFrame()
        self.touched: set[int] = set()  # keys changed since the last full check began
        self.version = 0  # bumped by every change; views compare it to know they are stale
        self.events = WorkspaceEvents()
        self._positions: dict[int, int] | None = None
        self._severity: tuple[int, dict[int, Severity]] | None = None
        self._row_severity: tuple[int, dict[int, Severity | None]] = (-1, {})

    # -- positions -------------------------------------------------------------------------

    def _position_map(self) -> dict[int, int]:
        if self._positions is None:
            self._positions = {k: i for i, k in enumerate(self.keys)}
        return self._positions

    def position(self, key: int) -> int:
        """The row index of ``key`` now (its line number is this plus one)."""
        return self._position_map()[key]

    def line(self, key: int) -> int:
        return self.position(key) + 1

    def row(self, key: int) -> Row:
        return self.dataset.rows[self.position(key)]

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: int) -> bool:
        return key in self._position_map()

    def extend_loaded(self, rows: list[Row], bom: bool = False) -> None:
        """Append rows read from the file (their keys are their line numbers)."""
        start = len(self.keys) + 1
        self.dataset.rows.extend(rows)
        self.dataset.bom = self.dataset.bom or bom
        self.keys.extend(range(start, start + len(rows)))
        if self._positions is not None:
            self._positions.update((k, k - 1) for k in range(start, start + len(rows)))

    # -- full checks -----------------------------------------------------------------------

    def begin_check(self) -> tuple[Dataset, list[int]]:
        """A snapshot to check in the background; edits made meanwhile are re-done on adopt."""
        self.touched = set()
        return self.snapshot()

    def snapshot(self) -> tuple[Dataset, list[int]]:
        """The rows and keys as they are now (later edits do not change them)."""
        return Dataset(list(self.dataset.rows), self.dataset.path, self.dataset.bom), list(
            self.keys)

    def take_over(self, checked: Workspace) -> None:
        """Take the results of a workspace that adopted a check in the background.

        ``checked`` was built over a snapshot of this workspace's rows and keys; rows edited
        here since are checked again.
        """
        for name, value in vars(checked).items():
            if name not in _OWN:  # everything the check produced
                setattr(self, name, value)
        self._redo_touched()

    def adopt(self, analysis: Analysis) -> None:
        """Take a full check whose line numbers are this workspace's keys."""
        self.shape = analysis.shape
        self.settings = analysis.settings
        self.families = list(analysis.families)
        own: dict[int, list[Finding]] = defaultdict(list)
        for finding in analysis.row_findings:
            own[finding.line].append(finding)
        self.own = dict(own)
        self.conclusions = dict(analysis.conclusions)
        self.metrics = analysis.metrics.drop(columns=["line"])
        self.analysed = True
        self._redo_touched()

    def _redo_touched(self) -> None:
        for key in list(self.touched):
            if key in self:
                self.recheck(key)
            else:
                self._forget(key)
        self.touched = set()
        self._changed()
        self.events.checked.emit(self.version)

    # -- edits -----------------------------------------------------------------------------

    def set_value(self, index: int, value: dict[str, Any]) -> Row:
        """Replace a row's value; returns the old row (to put back on undo)."""
        old = self.dataset.set_value(index, value)
        self._edited(self.keys[index])
        return old

    def set_raw(self, index: int, raw: bytes) -> Row:
        """Replace a row with raw text (it may be invalid JSON); returns the old row."""
        old = self.dataset.set_raw(index, raw)
        self._edited(self.keys[index])
        return old

    def put_row(self, index: int, row: Row) -> Row:
        """Put a row back (undo); returns the row it replaces."""
        old = self.dataset.rows[index]
        self.dataset.put_row(index, row)
        self._edited(self.keys[index])
        return old

    def insert(self, index: int, row: Row, key: int | None = None) -> int:
        """Insert a row (undo passes back the key it had); returns its key."""
        if key is None:
            key, self._next_key = self._next_key, self._next_key - 1
        self.dataset.insert(index, row)
        self.keys.insert(index, key)
        self._positions = None
        self.recheck(key)
        self.events.rows_moved.emit(len(self.keys))
        self.events.checked.emit(self.version)
        return key

    def remove(self, index: int) -> tuple[Row, int]:
        """Delete the row at ``index``; returns it and its key (to insert back on undo)."""
        row = self.dataset.remove(index)
        key = self.keys.pop(index)
        self._positions = None
        self._forget(key)
        self._changed()
        self.events.rows_moved.emit(len(self.keys))
        self.events.checked.emit(self.version)
        return row, key

    def _edited(self, key: int) -> None:
        self.recheck(key)
        self.events.row_changed.emit(key)
        self.events.checked.emit(self.version)

    def recheck(self, key: int) -> None:
        """Check one row again, and tell every family's conclusion."""
        self.touched.add(key)
        row = self.row(key)
        self._forget(key)
        run = make_run(self.settings, self.shape, self.families)
        checker = RowChecker(run, self.families)
        checker.add(key, row.value, row.error, row.blank)
        result = checker.close()
        if result.findings:
            self.own[key] = list(result.findings)
        if len(result.numbers):
            gathered = Gathered()
            gathered.add(np.frombuffer(result.numbers, dtype=np.int64), result.parts)
            one = frame_of(gathered, self.families)
            self._put_metrics(key, one.to_pandas())
            for name, conclusion in self.conclusions.items():
                conclusion.update(key, RowResult(one, result.parts[name].payload))
        self._changed()

    def _put_metrics(self, key: int, one: pd.DataFrame) -> None:
        values = one.drop(columns=["line"])
        if self.metrics.empty:
            self.metrics = values
        else:
            self.metrics.loc[key] = values.iloc[0].reindex(self.metrics.columns)

    def _forget(self, key: int) -> None:
        """Drop a row from every structure (before a re-check, or when it is deleted)."""
        self.own.pop(key, None)
        for conclusion in self.conclusions.values():
            conclusion.update(key, None)
        if key in self.metrics.index:
            self.metrics = self.metrics.drop(index=key)

    def _changed(self) -> None:
        self.version += 1

    # -- what views read -------------------------------------------------------------------

    def conclusion(self, family: str) -> Conclusion | None:
        """A family's conclusion from the last full check (kept current), if it ran."""
        return self.conclusions.get(family)

    def findings_at(self, index: int) -> list[Finding]:
        """Every finding of the row at ``index``, with current line numbers."""
        key = self.keys[index]
        line = index + 1
        found = list(self.own.get(key, ()))
        for conclusion in self.conclusions.values():
            found.extend(conclusion.findings_of(key, self.line))
        core = self.settings.core
        return sort_findings(replace(f, line=line) for f in select_findings(
            found, core.select, core.ignore))

    def severities(self) -> dict[int, Severity]:
        """The worst finding of every row that has one, by key (kept until the next change)."""
        if self._severity is not None and self._severity[0] == self.version:
            return self._severity[1]
        keys = set(self.own)
        for conclusion in self.conclusions.values():
            keys.update(conclusion.keys())
        worst = {}
        for key in keys:
            if key in self:
                findings = self.findings_at(self.position(key))
                if findings:
                    worst[key] = min((f.severity for f in findings),
                                     key=SEVERITY_ORDER.__getitem__)
        self._severity = (self.version, worst)
        return worst

    def severity_at(self, index: int) -> Severity | None:
        """The worst finding of the row at ``index``; None when it is clean (worked out for
        this row alone, and kept until the next change: a view asks for the rows it shows)."""
        key = self.keys[index]
        if self._severity is not None and self._severity[0] == self.version:
            return self._severity[1].get(key)
        if self._row_severity[0] != self.version:
            self._row_severity = (self.version, {})
        known = self._row_severity[1]
        if key not in known:
            findings = self.findings_at(index)
            known[key] = min((f.severity for f in findings),
                             key=SEVERITY_ORDER.__getitem__) if findings else None
        return known[key]

    def all_findings(self) -> list[Finding]:
        """The whole file's findings now, as a report would list them."""
        core = self.settings.core
        out = [f for c in self.conclusions.values() for f in c.file_findings()]
        out = select_findings(out, core.select, core.ignore)
        for key in sorted(self.severities(), key=self.position):
            out.extend(self.findings_at(self.position(key)))
        return sort_findings(out)

    def counts(self) -> Counter[str]:
        """Findings per code over the whole file."""
        return Counter(f.code for f in self.all_findings())
