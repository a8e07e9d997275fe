"""Background work for the app: reading a file and checking it, off the GUI thread.

Each task runs a core generator in a ``QThread`` and reports through the signals of a
separate ``QObject`` (napari's pattern), so the window stays responsive; ``cancel`` stops the
generator at its next step. Errors arrive as a message, never as a traceback in the UI.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from curator.core.api import (
    Analysis,
    Dataset,
    ExportOptions,
    Prepared,
    Progress,
    Settings,
    Workspace,
    describe,
    export,
    prepare,
    stop_workers,
    validate_dataset,
    validate_path,
    warm_up,
    write_crash_report,
)

_GC_LOCK = threading.Lock()
_GC_HOLDS = 0


def hold_gc(hold: bool) -> None:
    """Pause the cyclic garbage collector while any task builds large structures.

    A full collection walks every object the open file holds (a 100k-example file is
    millions of dicts and lists) with the interpreter lock held, so the window would freeze
    for half a second each time. Rows and findings form no cycles; reference counting frees
    them. When the last task ends, what now exists is frozen out of future collections.
    """
    global _GC_HOLDS
    with _GC_LOCK:
        _GC_HOLDS += 1 if hold else -1
        if hold and _GC_HOLDS == 1:
            gc.disable()
        elif not hold and _GC_HOLDS == 0:
            gc.freeze()
            gc.enable()


_POOL_LOCK = threading.Lock()
_POOL_USERS = 0
FILE_STAGE = "comparing the examples across the file"  # after the rows: no count to show


@contextmanager
def using_workers() -> Iterator[Callable[[], None]]:
    """Work that may run on the worker processes (a check, a count, an export). When the
    last such work ends, the workers end too: idle, they would hold their memory (hundreds
    of MB each, with the models loaded) for as long as the app runs. The next check starts
    them again. Ending them happens in the task's thread, never the GUI thread, and under
    the lock, so work starting meanwhile waits for a new pool instead of using the old one.

    It gives a function to call as soon as the work needs the workers no more (a check's
    rows are done: the conclusion over the file runs in this process), so that they are
    gone before the conclusion's own memory peak, not beside it.
    """
    global _POOL_USERS
    with _POOL_LOCK:
        _POOL_USERS += 1
    released = threading.Event()

    def release() -> None:
        global _POOL_USERS
        if released.is_set():
            return
        released.set()
        with _POOL_LOCK:
            _POOL_USERS -= 1
            if _POOL_USERS == 0:
                stop_workers()

    try:
        yield release
    finally:
        release()


def internal_error(error: BaseException) -> str:
    """The short message of an unexpected exception; its crash report (traceback, versions)
    goes to the user's cache folder, as the CLI's does."""
    report = write_crash_report(error, where="curator (background task)")
    where = (f"the crash report {report} has the details" if report is not None else
             "no crash report could be written")
    return f"internal error: {describe(error)}; this is a bug in Curator: please report it; {where}"


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what
    finished = Signal(object)  # the result
    failed = Signal(str)


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
        hold_gc(True)
        try:
            result = self._work(self)
        except (OSError, ValueError, RuntimeError) as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug: a short failure and a crash report, never a hang
            self.signals.failed.emit(internal_error(exc))
            return
        finally:
            hold_gc(False)
        if not self.cancelled:  # a cancelled task reports nothing
            self.signals.finished.emit(result)

    def drive(self, run: Generator[Progress, None, Analysis],
              rows_done: Callable[[], None] = lambda: None) -> Analysis | None:
        """Step a validation generator, reporting progress; None if cancelled. ``rows_done``
        is called once every row is checked (before the conclusion over the file)."""
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
            if step.total and step.done >= step.total:  # the rows are done; the file's turn
                rows_done()
                self.signals.progress.emit(0, 0, FILE_STAGE)


def check_task(snapshot: Dataset, keys: list[int], settings: Settings,
               from_file: str | None) -> Task:
    """Check a snapshot (or, when it is the file as saved, the file with every core) and
    prepare the workspace state in the thread; the GUI thread only swaps it in."""

    def work(task: Task) -> Workspace | None:
        with using_workers() as rows_done:
            if from_file is not None:
                analysis = task.drive(validate_path(from_file, settings), rows_done)
            else:
                analysis = task.drive(validate_dataset(snapshot, settings, keys), rows_done)
        if analysis is None:
            return None
        task.signals.progress.emit(0, 0, "indexing the findings")
        checked = Workspace(Dataset(snapshot.rows, snapshot.path, snapshot.bom), settings,
                            keys=keys)
        checked.adopt(analysis)
        return checked

    return Task(work)


def warm_up_task(settings: Settings) -> Task:
    """Start the check workers and load the models while the window first shows."""

    def work(task: Task) -> None:
        warm_up(settings)

    return Task(work)


def count_task(snapshot: Dataset, keys: list[int], settings: Settings,
               from_file: str | None = None) -> Task:
    """Token counts of every row in another encoding (the cost of models that use it); from
    the file on every core when it is unchanged, else from the rows in memory."""

    def work(task: Task) -> Analysis | None:
        with using_workers() as rows_done:
            if from_file is not None:
                return task.drive(validate_path(from_file, settings, only=("tokens",)),
                                  rows_done)
            return task.drive(validate_dataset(snapshot, settings, keys, only=("tokens",)),
                              rows_done)

    return Task(work)


def export_task(path: str, check: Settings, options: ExportOptions, out: Path | None) -> Task:
    """Check the saved file as `curator-cli export` does, then preview (``out`` None) or
    write the export; the result is ``(Analysis, Prepared)`` or the manifest."""

    def work(task: Task) -> tuple[Analysis, Prepared] | dict[str, Any] | None:
        with using_workers() as rows_done:
            analysis = task.drive(validate_path(path, check), rows_done)
        if analysis is None:
            return None
        if out is None:
            return analysis, prepare(Path(path), analysis, options)
        return export(Path(path), analysis, out, options)

    return Task(work)


class TaskSet(QObject):
    """Background tasks of one owner (a child of it), each kept alive until its own
    ``finished`` arrives here, and their results handed to the owner's callbacks.

    A task's results travel as queued signals; they are always delivered before its
    ``QThread.finished``, so dropping a task only then never loses them (dropping a task as
    soon as ``isFinished()`` would delete its signals object with the results still queued).
    Results reach the callbacks through this object's own slots, so when the owner (and this
    child with it) is gone, a late result is dropped instead of calling into deleted widgets.
    """

    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks: list[Task] = []
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None]]] = {}

    def start(self, task: Task, on_result: Callable[[Any], None] = lambda _: None,
              on_error: Callable[[str], None] = lambda _: None) -> None:
        self.tasks.append(task)
        self._callbacks[id(task.signals)] = (on_result, on_error)
        task.signals.finished.connect(self._result)
        task.signals.failed.connect(self._error)
        task.finished.connect(self._ended)
        task.start()

    def _callback(self) -> tuple[Callable[[Any], None], Callable[[str], None]] | None:
        return self._callbacks.get(id(self.sender()))

    def _result(self, result: object) -> None:
        callbacks = self._callback()
        if callbacks is not None:
            callbacks[0](result)

    def _error(self, message: str) -> None:
        callbacks = self._callback()
        if callbacks is not None:
            callbacks[1](message)

    def _ended(self) -> None:
        task = self.sender()
        if task in self.tasks:
            self.tasks.remove(task)
            self._callbacks.pop(id(task.signals), None)
        self.ended.emit()

    def running(self, name: str | None = None) -> bool:
        return any(t.isRunning() and (name is None or t.objectName() == name)
                   for t in self.tasks)

    def cancel(self, name: str | None = None) -> None:
        for task in self.tasks:
            if name is None or task.objectName() == name:
                task.cancel()

    def wait(self) -> None:
        for task in list(self.tasks):
            task.wait()
