"""The open file: its workspace, undo stack, background work, saving and recovery.

Views read the workspace and listen to the signals here. They change it only through the
edit methods here (:meth:`Document.edit_value`, :meth:`Document.edit_raw`,
:meth:`Document.insert_rows`, :meth:`Document.remove_rows`), each one undo command; the
workspace announces every change itself, and the document passes it on as Qt signals, so
no change can leave a view stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from curator.core.api import (
    Dataset,
    RecoveryError,
    Row,
    Workspace,
    journal_info,
    remove_journal,
    restore_journal,
    write_journal,
)
from curator.gui.commands import InsertRows, RemoveRows, SetRow
from curator.gui.lazy_rows import LazyRow, read_rows
from curator.gui.recovery_session import RecoverySession
from curator.gui.settings import app_settings
from curator.gui.workers import Task, TaskSet, check_task, hold_gc, warm_up_task

RECOVERY_SECONDS = 5
READ_BATCH = 128  # rows parsed between two looks at the clock (a slice ends on time)
ANNOUNCE_SECONDS = 0.1  # while a file is read, the table takes in new rows this often
READ_SLICE_SECONDS = 0.01  # reading a large file leaves the window this often


class Document(QObject):
    reset = Signal()  # a new file (or a restored one): views start over
    rows_appended = Signal(int, int)  # first index, count (while a file is read)
    # first index, count: rows just read, still holding their parsed values (after every
    # batch read, within the slice's time; rows_appended shows them later)
    rows_read = Signal(int, int)
    loaded = Signal()
    row_changed = Signal(int)  # key of a row whose content changed
    rows_moved = Signal()  # rows were inserted or removed
    checked = Signal()  # findings changed (after a full check or any edit)
    progress = Signal(int, int, str)
    busy = Signal(bool)
    title_changed = Signal()
    failed = Signal(str)

    def __init__(self, recovery_dir: Path, preferences: dict[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferences: dict[str, Any] = dict(preferences or {})
        self.settings, self.settings_problem = app_settings(None, self.preferences)
        self.workspace = Workspace(Dataset(), self.settings)
        self._subscribe(self.workspace)
        self.undo = QUndoStack(self)
        self.undo.cleanChanged.connect(self._clean_changed)
        self.undo.indexChanged.connect(self._edited)
        self.recovery = RecoverySession(recovery_dir)
        self.loading = False
        self._pending: Workspace | None = None
        self.errors: list[str] = []  # what background work reported, newest last
        self._reader: Generator[tuple[list[Row], bool], None, None] | None = None
        self.tasks = TaskSet(self)
        self.tasks.ended.connect(self._task_done)
        self._journal_dirty = False
        self._recovery = QTimer(self)
        self._recovery.setInterval(RECOVERY_SECONDS * 1000)
        self._recovery.timeout.connect(self.write_recovery)
        self._recovery.start()
        self._announced, self._announced_at = 0, 0.0
        self._first_check = QTimer(self)  # a new document is checked once it has rows
        self._first_check.setSingleShot(True)
        self._first_check.setInterval(300)
        self._first_check.timeout.connect(self._check_new)

    # -- state ------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.workspace.dataset.path

    @property
    def modified(self) -> bool:
        return not self.undo.isClean()

    @property
    def running(self) -> bool:
        """Reading or checking is under way (the start-up warm-up does not count)."""
        return any(task.isRunning() and task.objectName() != "warm-up"
                   for task in self.tasks.tasks)

    @property
    def warming_up(self) -> bool:
        return self.tasks.running("warm-up")

    def title(self) -> str:
        name = self.path.name if self.path else "untitled"
        return f"{name}[*] — Curator"  # Qt shows the * while the window is modified

    # -- open --------------------------------------------------------------------------------

    def open(self, path: Path) -> None:
        """Read ``path`` in slices between other events, and check it in the background; the
        first rows show as soon as they are read. Its settings are the config file nearest
        to it (as curator-cli finds it), with the preferences filling in the rest."""
        self.settings, self.settings_problem = app_settings(path, self.preferences)
        if self.settings_problem:
            self.failed.emit(f"{self.settings_problem}; checking with the defaults until it "
                             "is fixed")
        self._start_over(Dataset([], path), modified=False)
        self.loading = True
        self._announced, self._announced_at = 0, 0.0  # rows the views were told of, when
        self._reader = read_rows(path, READ_BATCH)
        hold_gc(True)
        self._read_slice()
        self.check(from_file=True)

    def _read_slice(self) -> None:
        """Read rows for a few milliseconds, show them, and come back after other events.

        Reading happens on the GUI thread in slices: a reading thread would compete with
        the GUI thread for the interpreter lock on every call the view makes to draw a row.
        """
        reader = self._reader
        if reader is None:
            return
        deadline = time.perf_counter() + READ_SLICE_SECONDS
        try:
            while time.perf_counter() < deadline:  # what the rows cost the views included
                batch, self._bom = next(reader)
                self._take_in(batch)
        except StopIteration:
            self._announce(last=True)
            self._loaded()
            return
        except OSError as exc:
            self._announce(last=True)
            self._stop_reading()
            self._failed(f"could not read {self.path}: {exc}")
            return
        self._announce()
        QTimer.singleShot(0, self._read_slice)

    def _stop_reading(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
            hold_gc(False)

    def _take_in(self, rows: list[Row]) -> None:
        """Add rows just read to the workspace; views note what they need of each row
        (``rows_read``) now, a batch at a time, while the rows hold their parsed values."""
        if rows:
            first = len(self.workspace)
            self.workspace.extend_loaded(rows, self._bom)
            self.rows_read.emit(first, len(rows))

    def _announce(self, last: bool = False) -> None:
        """Tell the views about new rows at most every 100 ms (and at once for the first and
        the last), since each notice makes the table redraw."""
        now = time.perf_counter()
        new = len(self.workspace) - self._announced
        if new > 0 and (last or not self._announced or
                        now - self._announced_at >= ANNOUNCE_SECONDS):
            self.rows_appended.emit(self._announced, new)
            for row in self.workspace.dataset.rows[self._announced:]:
                if isinstance(row, LazyRow):
                    row.forget()  # the views took what they show; keep only the bytes
            self._announced, self._announced_at = len(self.workspace), now

    def _loaded(self) -> None:
        self._stop_reading()
        self.loading = False
        self.loaded.emit()
        pending = self._pending
        if pending is not None:
            self._pending = None
            self._take(pending)

    def adopt_dataset(self, dataset: Dataset, modified: bool) -> None:
        """Show a dataset already in memory (a restored journal) and check it."""
        self._start_over(dataset, modified)
        self.check()

    def _start_over(self, dataset: Dataset, modified: bool) -> None:
        self.cancel()
        self.undo.clear()
        self._bom = False
        self.workspace = Workspace(dataset, self.settings)
        self._subscribe(self.workspace)
        if modified:
            self.undo.resetClean()  # no clean state: the title shows unsaved edits
        self.reset.emit()
        self.title_changed.emit()

    # -- checking ----------------------------------------------------------------------------

    def check(self, from_file: bool = False) -> None:
        """Check every row again in the background (after opening, or new preferences)."""
        self.tasks.cancel("check")  # a newer check replaces it
        snapshot, keys = self.workspace.begin_check()
        path = self.path
        # the file as saved is checked straight from disk, on every core; while it is still
        # being read (from_file), its keys are simply its line numbers
        unmodified = from_file or (path is not None and not self.modified and path.exists()
                                   and self.workspace.keys == list(range(1, len(keys) + 1)))
        task = check_task(snapshot, keys, self.settings,
                          str(path) if unmodified and path else None)
        task.setObjectName("check")
        workspace = self.workspace
        self._start(task, lambda checked: self._checked(workspace, checked))

    def _checked(self, workspace: Workspace, checked: Workspace | None) -> None:
        if checked is None or workspace is not self.workspace:
            return  # cancelled, or a check of a file no longer open
        if self.loading:
            self._pending = checked
        else:
            self._take(checked)

    def _take(self, checked: Workspace) -> None:
        self.workspace.take_over(checked)
        self.checked.emit()

    def warm_up(self) -> None:
        """Get the check workers and models ready in the background (at start)."""
        task = warm_up_task(self.settings)
        task.setObjectName("warm-up")
        self.tasks.start(task)  # no progress bar: nothing waits for it

    def cancel_check(self) -> None:
        """Stop checking (the Cancel button). Reading the file goes on: a half-read file
        could be saved over the whole one."""
        self.tasks.cancel("check")

    def cancel(self) -> None:
        """Stop all background work (before opening another file, or closing)."""
        self._stop_reading()
        self.tasks.cancel()
        self.tasks.wait()  # their late results are for a workspace no longer open: ignored
        self.loading = False
        self.busy.emit(False)

    def _start(self, task: Task, on_result: Callable[[Any], None]) -> None:
        task.signals.progress.connect(self.progress)
        self.busy.emit(True)
        self.tasks.start(task, on_result, self._failed)

    def _task_done(self) -> None:
        if not self.running:
            self.busy.emit(False)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.errors.append(message)
        self.failed.emit(message)

    def wait(self) -> None:
        """Block until background work is done (tests and the self-test)."""
        self.tasks.wait()

    # -- settings ----------------------------------------------------------------------------

    def set_preferences(self, preferences: dict[str, Any]) -> None:
        """New preferences: the settings are worked out again and the file checked again."""
        self.preferences = dict(preferences)
        self.settings, self.settings_problem = app_settings(self.path, self.preferences)
        if self.settings_problem:
            self.failed.emit(self.settings_problem)
        self.check()

    # -- edits: the one door -------------------------------------------------------------------

    def _subscribe(self, workspace: Workspace) -> None:
        workspace.events.row_changed.connect(self.row_changed.emit)
        workspace.events.rows_moved.connect(lambda _: self.rows_moved.emit())
        workspace.events.checked.connect(lambda _: self.checked.emit())

    def edit_value(self, key: int, value: dict[str, Any], text: str, merge: str = "") -> None:
        """Replace a row's value, as one undo step (typing in one field, ``merge``, folds into
        one). An edit that changes nothing is no step and leaves the line as it was."""
        row = self.workspace.row(key)
        if row.value == value and row.error is None:
            return
        self.undo.push(SetRow(self.workspace, key, text, value=value, merge=merge))

    @contextmanager
    def one_step(self, text: str) -> Iterator[None]:
        """The edits made inside the ``with`` block are one undo step, named ``text``."""
        self.undo.beginMacro(text)
        try:
            yield
        finally:
            self.undo.endMacro()

    def edit_raw(self, key: int, raw: bytes, text: str = "Edit raw JSON",
                 merge: str = "raw") -> None:
        """Replace a row with raw text (it may not be valid JSON yet), as one undo step."""
        if self.workspace.row(key).raw == raw:
            return
        self.undo.push(SetRow(self.workspace, key, text, raw=raw, merge=merge))

    def insert_rows(self, rows: list[tuple[int, Row]], text: str) -> None:
        """Insert rows at positions (in increasing order), as one undo step."""
        self.undo.push(InsertRows(self.workspace, text, rows))

    def remove_rows(self, keys: list[int], text: str) -> None:
        """Delete rows by key, as one undo step."""
        self.undo.push(RemoveRows(self.workspace, text, keys))

    def _clean_changed(self, _clean: bool) -> None:
        self.title_changed.emit()

    def _edited(self) -> None:
        self._journal_dirty = True
        self.title_changed.emit()
        if not self.workspace.analysed:
            self._first_check.start()

    def _check_new(self) -> None:
        """A document that was never checked (a new one, started empty) gets its first full
        check once rows are in: until then edits are checked against no known shape."""
        if not self.workspace.analysed and len(self.workspace) and not (
                self.loading or self.running):
            self.check()

    # -- saving ------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> None:
        """Write atomically (untouched rows byte for byte); raises OSError with the reason."""
        target = path or self.path
        if target is None:
            raise ValueError("choose where to save this file (Save As)")
        self.workspace.dataset.save(target)
        self.discard_recovery()
        self.undo.setClean()
        self.title_changed.emit()

    # -- recovery ----------------------------------------------------------------------------

    def journal_path(self) -> Path:
        return self.recovery.journal(self.path)

    def write_recovery(self) -> None:
        """Record unsaved edits (every few seconds, when there are new ones)."""
        if not self._journal_dirty or self.loading:
            return
        self._journal_dirty = False
        if not self.modified:
            self.discard_recovery()
            return
        try:
            self.recovery.folder.mkdir(parents=True, exist_ok=True)
            write_journal(self.journal_path(), self.workspace.dataset, time.time())
        except OSError as exc:
            self.failed.emit(f"could not write the recovery file {self.journal_path()}: {exc}")

    def discard_recovery(self) -> None:
        remove_journal(self.journal_path())

    def journals(self) -> list[Path]:
        """Recovery journals left by an instance that did not end cleanly."""
        return self.recovery.orphans()

    def restore(self, journal: Path) -> None:
        """Open what a journal recorded, as unsaved edits; raises RecoveryError."""
        dataset = restore_journal(journal)
        self.adopt_dataset(dataset, modified=True)
        remove_journal(journal)
        self._journal_dirty = True

    @staticmethod
    def describe(journal: Path) -> str:
        try:
            info = journal_info(journal)
        except RecoveryError as exc:
            return str(exc)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.saved_at))
        return f"{info.source or 'an untitled file'}: {info.rows:,} rows, unsaved edits of {when}"

