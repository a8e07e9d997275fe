"""The filter bar's text search over every row's JSON, in slices between other events.

Looking for a word in 100k rows takes a few hundred milliseconds, too long to hold the
window; a large file is searched a slice at a time (as it is read), and the table is filtered
when the search is done. What a search found is kept by row key: an edited or added row is
looked at again on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer

from curator.core.api import Row, Workspace
from curator.gui.table_columns import KeyedArray

SLICE_SECONDS = 0.012
AT_ONCE = 20_000  # files this small are searched at once


def matches(row: Row, needle: str) -> bool:
    """Whether a row's text holds ``needle`` (case folded)."""
    if needle.isascii():
        return needle.encode() in row.raw.lower()  # bytes.lower: ASCII letters only, fast
    return needle in row.raw.decode("utf-8", "replace").casefold()


class TextSearch(QObject):
    """Which rows hold the searched text; ``done`` is called when a slow search ends."""

    def __init__(self, done: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.done = done
        self.needle = ""
        self.hits = KeyedArray(np.bool_, False)
        self.seen = KeyedArray(np.bool_, False)
        self.running = False
        self._workspace: Workspace | None = None
        self._next = 0

    def start(self, workspace: Workspace, needle: str) -> bool:
        """Search ``workspace`` for ``needle``; True when the answer is ready now (a small
        file, or the same search), False when ``done`` will be called later."""
        if needle == self.needle and self._workspace is workspace and not self.running:
            return True
        self.needle, self._workspace, self._next = needle, workspace, 0
        self.hits = KeyedArray(np.bool_, False)
        self.seen = KeyedArray(np.bool_, False)
        if len(workspace) <= AT_ONCE:
            self._search(len(workspace))
            return True
        if not self.running:
            self.running = True
            QTimer.singleShot(0, self._slice)
        return False

    def forget(self, key: int) -> None:
        """A row changed: look at it again next time."""
        self.seen.put(np.asarray([key]), [False])

    def mask(self, workspace: Workspace, keys: np.ndarray) -> np.ndarray:
        """Which of the rows with ``keys`` hold the text (rows not yet looked at are looked
        at now: an edited or added row)."""
        if workspace is not self._workspace:
            self._workspace, self.hits, self.seen = workspace, KeyedArray(
                np.bool_, False), KeyedArray(np.bool_, False)
        unseen = np.nonzero(~self.seen.get(keys))[0]
        if unseen.size:
            rows = workspace.dataset.rows
            found = [matches(rows[int(i)], self.needle) for i in unseen]
            self.hits.put(keys[unseen], found)
            self.seen.put(keys[unseen], np.ones(unseen.size, dtype=np.bool_))
        return self.hits.get(keys)

    def _search(self, end: int) -> None:
        workspace = self._workspace
        assert workspace is not None
        start = self._next
        keys = np.asarray(workspace.keys[start:end], dtype=np.int64)
        rows = workspace.dataset.rows[start:end]
        self.hits.put(keys, [matches(row, self.needle) for row in rows])
        self.seen.put(keys, np.ones(len(keys), dtype=np.bool_))
        self._next = end

    def _slice(self) -> None:
        workspace = self._workspace
        if workspace is None or not self.running:
            self.running = False
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._next < len(workspace):  # at least one batch a slice
            self._search(min(self._next + 500, len(workspace)))
            if time.perf_counter() >= deadline:
                break
        if self._next < len(workspace):
            QTimer.singleShot(0, self._slice)
            return
        self.running = False
        self.done()

    def wait(self) -> None:
        """Finish a running search now (tests)."""
        if self.running and self._workspace is not None:
            self._search(len(self._workspace))
            self.running = False
            self.done()
