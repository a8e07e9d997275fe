"""The main window: layout and wiring. Behaviour lives in the document and the controllers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QWidget,
)

from curator.core.api import Row, counted
from curator.gui.document import Document
from curator.gui.editor.conversation import ConversationEditor
from curator.gui.editor.raw_json import RawJsonEditor
from curator.gui.editor.template_tab import TemplateTab
from curator.gui.examples_view import ExamplesView
from curator.gui.file_controller import FileController
from curator.gui.problems_panel import ProblemsPanel
from curator.gui.settings import load_preferences
from curator.gui.views.contamination_view import ContaminationView
from curator.gui.views.cost_view import CostView
from curator.gui.views.duplicates_view import DuplicatesView
from curator.gui.views.export_dialog import ExportDialog
from curator.gui.views.stats_view import StatsView
from curator.gui.workers import TaskSet

SWITCH_INTERVAL = 0.0005


class MainWindow(QMainWindow):
    def __init__(self, recovery_dir: Path) -> None:
        super().__init__()
        # Background threads hand the interpreter lock to the GUI thread after at most this
        # long (Python's default is 5 ms, paid again on every call Qt makes into Python).
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.document = Document(recovery_dir, load_preferences(), self)
        self.files = FileController(self.document, self)
        self.examples = ExamplesView(self.document)
        self.conversation = ConversationEditor(self.document)
        self.raw = RawJsonEditor(self.document)
        self.template = TemplateTab(self.document)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.conversation, "Conversation")
        self.tabs.addTab(self.raw, "Raw JSON")
        self.tabs.addTab(self.template, "Template")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.examples)
        split.addWidget(self.tabs)
        split.setSizes([640, 560])
        self.setCentralWidget(split)
        self.problems = ProblemsPanel(self.document)
        self.problems_dock = self._dock("Problems", self.problems,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.duplicates = DuplicatesView(self.document)
        self.contamination = ContaminationView(self.document)
        self.stats = StatsView(self.document)
        self.cost = CostView(self.document)
        self.analysis_docks = [self._dock(title, view, Qt.DockWidgetArea.BottomDockWidgetArea)
                               for title, view in (("Duplicates", self.duplicates),
                                                   ("Contamination", self.contamination),
                                                   ("Statistics", self.stats),
                                                   ("Cost", self.cost))]
        for dock in self.analysis_docks:
            self.tabifyDockWidget(self.problems_dock, dock)
        self.problems_dock.raise_()
        self._status_bar()
        self._menus()
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.resizeDocks([self.problems_dock], [380], Qt.Orientation.Vertical)

        self.examples.selected.connect(self._selected)
        self.conversation.wants_raw.connect(lambda: self.tabs.setCurrentWidget(self.raw))
        self.problems.jump_to_path.connect(self._jump)
        self.problems.go_to_line.connect(lambda line: self.examples.select_index(line - 1))
        self.stats.filter_lines.connect(self.examples.filter_bar.set_lines)
        self.contamination.go_to_line.connect(lambda line: self.examples.select_index(line - 1))
        self.document.title_changed.connect(self._title)
        self.document.progress.connect(self._progress)
        self.document.busy.connect(self._busy)
        self.document.failed.connect(self.files.show_error)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(250)  # while typing, the counts follow a moment later
        self._summary_timer.timeout.connect(self._summary)
        self.document.checked.connect(self._summary_timer.start)
        self.document.loaded.connect(self._summary_timer.start)
        self.document.rows_appended.connect(self._summary_timer.start)
        self._title()
        self.document.warm_up()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.summary = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.document.cancel_check)
        bar.addWidget(self.summary, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self._busy(False)

    def _menus(self) -> None:
        menu = self.menuBar()
        files = menu.addMenu("&File")
        self._action(files, "&Open…", self.files.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = files.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent(self.recent_menu))
        self._action(files, "&Save", self.files.save, QKeySequence.StandardKey.Save)
        self._action(files, "Save &As…", self.files.save_as, QKeySequence.StandardKey.SaveAs)
        files.addSeparator()
        self._action(files, "&Export…", self.export_dialog,
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        files.addSeparator()
        self._action(files, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = menu.addMenu("&Edit")
        undo = self.document.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.document.undo.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Delete example", self.delete_example,
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Delete))
        self._action(edit, "D&uplicate example", self.duplicate_example,
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_D))
        self._action(edit, "&New example", self.new_example,
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N))
        edit.addSeparator()
        self._action(edit, "&Preferences…", self.files.edit_preferences,
                     QKeySequence.StandardKey.Preferences)
        go = menu.addMenu("&Go")
        self._action(go, "&Next problem", lambda: self.examples.step_problem(True),
                     QKeySequence(Qt.Key.Key_F8))
        self._action(go, "&Previous problem", lambda: self.examples.step_problem(False),
                     QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8))
        check = menu.addMenu("&Check")
        self._action(check, "Check &again", self.document.check, QKeySequence(Qt.Key.Key_F5))
        self._action(check, "&Cancel", self.document.cancel_check, None)
        check.addSeparator()
        self._action(check, "Show only examples with &personal data or secrets",
                     lambda: self.examples.filter_bar.show_check("pii"), None)
        self.view_menu = menu.addMenu("&View")
        self.view_menu.addAction(self.problems_dock.toggleViewAction())
        for dock in self.analysis_docks:
            self.view_menu.addAction(dock.toggleViewAction())

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def export_dialog(self) -> ExportDialog:
        dialog = ExportDialog(self.document, self)
        dialog.show()
        dialog.preview()
        return dialog

    # -- example-level edits ------------------------------------------------------------------

    def delete_example(self) -> None:
        index = self.examples.current_index()
        if index is None:
            return
        self.document.remove_rows([self.document.workspace.keys[index]],
                                  f"Delete line {index + 1}")

    def duplicate_example(self) -> None:
        index = self.examples.current_index()
        if index is None:
            return
        source = self.document.workspace.dataset.rows[index]
        self._insert(index + 1, Row.copy_of(source), f"Duplicate line {index + 1}")

    def new_example(self) -> None:
        index = self.examples.current_index()
        at = len(self.document.workspace) if index is None else index + 1
        row = Row.from_value({"messages": [{"role": "user", "content": ""},
                                           {"role": "assistant", "content": ""}]})
        self._insert(at, row, "New example")

    def _insert(self, at: int, row: Row, text: str) -> None:
        self.document.insert_rows([(at, row)], text)
        self.examples.select_index(at)

    # -- reactions ---------------------------------------------------------------------------

    def _selected(self, index: int | None) -> None:
        workspace = self.document.workspace
        key = workspace.keys[index] if index is not None else None
        self.conversation.show_row(key)
        self.raw.show_row(key)
        self.template.show_row(key)
        self.problems.show_index(index)
        if key is not None and self.conversation.editable:
            self.tabs.setCurrentWidget(self.conversation)

    def _jump(self, path: str) -> None:
        self.tabs.setCurrentWidget(self.conversation)  # focus goes only to a visible field
        if not self.conversation.focus_path(path):
            self.tabs.setCurrentWidget(self.raw)

    def _title(self) -> None:
        self.setWindowTitle(self.document.title())
        self.setWindowModified(self.document.modified)

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 1000)
        self.progress.setFormat(f"{stage} %p%")

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def _summary(self) -> None:
        workspace = self.document.workspace
        if self.document.loading:
            self.summary.setText(f"reading… {len(workspace):,} lines")
            return
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in workspace.all_findings():
            counts[str(finding.severity)] += 1
        state = "" if workspace.analysed else " (checking…)"
        self.summary.setText(
            f"{counted(len(workspace), 'line')} · {workspace.shape} · "
            f"{counted(counts['error'], 'error')} · {counted(counts['warning'], 'warning')} · "
            f"{counts['info']:,} info{state}")

    # -- Qt events ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Override QWidget.dragEnterEvent: accept a dropped file."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Override QWidget.dropEvent: open the first dropped file."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.files.open(Path(urls[0].toLocalFile()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Override QWidget.closeEvent: ask before losing unsaved changes."""
        if self.files.may_discard():
            self.document.cancel()
            # every view's background work too (a cost count, an export preview): a thread
            # still running when the window goes would be destroyed mid-run
            for tasks in self.findChildren(TaskSet):
                tasks.cancel()
            for tasks in self.findChildren(TaskSet):
                tasks.wait()
            self.document.discard_recovery()
            self.document.recovery.release()
            event.accept()
        else:
            event.ignore()
