"""Background work for the app: reading a file and checking it, off the GUI thread.

Each task runs a core generator in a ``QThread`` and reports through the signals of a
separate ``QObject`` (napari's pattern), so the window stays responsive; ``cancel`` stops the
generator at its next step. Errors arrive as a message, never as a traceback in the UI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from curator.core.dataset import Dataset
from curator.core.pipeline import Analysis, Options, Progress, validate_dataset, validate_path
from curator.core.workspace import Workspace


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what
    rows = Signal(list, bool)  # a batch of rows read, and whether the file has a BOM
    finished = Signal(object)  # the result
    failed = Signal(str)
    cancelled = Signal()


class Task(QThread):
    """Run ``work(task)`` in a thread; it reports through ``self.signals``."""

    def __init__(self, work: Callable[[Task], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signals = TaskSignals()
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        """Override QThread.run: do the work and report its outcome once."""
        try:
            result = self._work(self)
        except (OSError, ValueError, RuntimeError) as exc:
            self.signals.failed.emit(str(exc))
            return
        if self.cancelled:
            self.signals.cancelled.emit()
        else:
            self.signals.finished.emit(result)

    def drive(self, run: Generator[Progress, None, Analysis]) -> Analysis | None:
        """Step a validation generator, reporting progress; None if cancelled."""
        while True:
            if self.cancelled:
                run.close()
                return None
            try:
                step = next(run)
            except StopIteration as stop:
                result: Analysis = stop.value
                return result
            self.signals.progress.emit(step.done, step.total, step.stage)


def load_task(path: str) -> Task:
    """Read a file in batches; each batch goes to the GUI thread as it is read."""

    def work(task: Task) -> int:
        rows = 0
        for dataset, added in Dataset.stream(path, batch=5000):
            if task.cancelled:
                break
            rows += added
            task.signals.rows.emit(dataset.rows[-added:] if added else [], dataset.bom)
        return rows

    return Task(work)


def check_task(snapshot: Dataset, keys: list[int], options: Options,
               from_file: str | None) -> Task:
    """Check a snapshot (or, when it is the file as saved, the file with every core) and
    prepare the workspace state in the thread; the GUI thread only swaps it in."""

    def work(task: Task) -> Workspace | None:
        if from_file is not None:
            analysis = task.drive(validate_path(from_file, options))
        else:
            analysis = task.drive(validate_dataset(snapshot, options, keys))
        if analysis is None:
            return None
        task.signals.progress.emit(1, 1, "indexing")
        checked = Workspace(Dataset(snapshot.rows, snapshot.path, snapshot.bom), options)
        checked.keys = keys
        checked.adopt(analysis)
        return checked

    return Task(work)
