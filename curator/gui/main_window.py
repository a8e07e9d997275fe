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
    QTabBar,
    QTabWidget,
    QWidget,
)

from curator.core.api import Finding, Row, background_workers, counted
from curator.gui import help, keyboard
from curator.gui.document import Document
from curator.gui.editor.conversation import ConversationEditor
from curator.gui.editor.raw_json import RawJsonEditor
from curator.gui.editor.template_tab import TemplateTab
from curator.gui.examples_view import ExamplesView
from curator.gui.file_controller import FileController
from curator.gui.problems_panel import ProblemsPanel
from curator.gui.settings import load_preferences
from curator.gui.views import refresh
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
        background_workers()  # the check's workers yield the cores to the window
        self.document = Document(recovery_dir, load_preferences(), self)
        self.files = FileController(self.document, self)
        self.examples = ExamplesView(self.document)
        self.conversation = ConversationEditor(self.document)
        self.raw = RawJsonEditor(self.document)
        self.template = TemplateTab(self.document)
        self.tabs = self._editor_tabs()
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
        self._describe_frames()
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.resizeDocks([self.problems_dock], [380], Qt.Orientation.Vertical)
        self._connect()
        self._title()
        self.document.warm_up()

    def _editor_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setAccessibleName("Editor")
        tabs.setToolTip("Edit the selected example as message cards or as raw JSON; see it as "
                        "an open model is trained on it")
        tabs.addTab(self.conversation, "Conversation")
        tabs.addTab(self.raw, "Raw JSON")
        tabs.addTab(self.template, "Template")
        tabs.tabBar().setAccessibleName("Editor tabs")
        return tabs

    def _connect(self) -> None:
        """The signals between the window's parts."""
        self.examples.selected.connect(self._selected)
        self.conversation.wants_raw.connect(lambda: self.tabs.setCurrentWidget(self.raw))
        self.examples.wants_editor.connect(lambda: self.panes.step_to(1))
        self.problems.jump_to.connect(self._jump)
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
        # not connected straight to start(): with rows_appended's (int, int), Qt would pick
        # start(msec) and make the row index the timer's interval
        self.document.rows_appended.connect(lambda *_: self._summary_timer.start())
        self.document.busy.connect(lambda _: self._summary_timer.start())

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        refresh.follow(dock)
        return dock

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.stage = QLabel()  # what is being done, beside the bar (the bar shows only %)
        self.stage.setObjectName("stage")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of the check")
        self.progress.setToolTip("How far the check has come")
        self.progress.setFixedWidth(160)
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop checking (reading the file goes on)")
        self.cancel_button.setAccessibleName("Cancel the check")
        self.cancel_button.clicked.connect(self.document.cancel_check)
        bar.addWidget(self.summary, 1)
        bar.addPermanentWidget(self.stage)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self._busy(False)

    def _describe_frames(self) -> None:
        """Tooltips and names for the controls Qt makes itself (dock tabs and buttons)."""
        for dock in [self.problems_dock, *self.analysis_docks]:
            dock.setToolTip(f"The {dock.windowTitle()} panel")
            for button, what in ((dock.findChild(QWidget, "qt_dockwidget_closebutton"),
                                  "Close"),
                                 (dock.findChild(QWidget, "qt_dockwidget_floatbutton"),
                                  "Undock")):
                if button is not None:
                    button.setToolTip(f"{what} the {dock.windowTitle()} panel")
                    button.setAccessibleName(f"{what} {dock.windowTitle()}")
        for tabs in self.findChildren(QTabBar):
            if not tabs.toolTip():
                tabs.setToolTip("Switch between the panels")
                tabs.setAccessibleName("Panels")
        self.menuBar().setAccessibleName("Menu bar")

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
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma))
        go = menu.addMenu("&Go")
        self._action(go, "&Next problem", lambda: self.examples.step_problem(True),
                     QKeySequence(Qt.Key.Key_F8))
        self._action(go, "&Previous problem", lambda: self.examples.step_problem(False),
                     QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8))
        go.addSeparator()
        self.panes = keyboard.Panes([lambda: self.examples.table, self._editor_field,
                                     lambda: self.problems.row_list])
        self._action(go, "Next &pane", lambda: self.panes.step(True), QKeySequence(Qt.Key.Key_F6))
        self._action(go, "Pre&vious pane", lambda: self.panes.step(False),
                     QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F6))
        for i, (name, key) in enumerate((("&Examples table", Qt.Key.Key_1),
                                         ("E&ditor", Qt.Key.Key_2),
                                         ("Pro&blems", Qt.Key.Key_3))):
            self._action(go, name, self._pane(i), QKeySequence(Qt.Modifier.CTRL | key))
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
        help.add_menu(self)
        keyboard.window_keys().reserve(self.findChildren(QAction))

    def _pane(self, index: int) -> Callable[[], object]:
        return lambda: self.panes.step_to(index)

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

    def _jump(self, finding: Finding) -> None:
        """Go to where a finding of the selected example points: its field in the editor, or
        its place in the raw JSON (the column of a line that is not valid JSON)."""
        if self.conversation.editable:
            self.tabs.setCurrentWidget(self.conversation)  # focus goes only to a visible field
            if self.conversation.focus_path(finding.path, finding):
                return
        self.tabs.setCurrentWidget(self.raw)
        self.raw.go_to(finding)

    def _editor_field(self) -> QWidget | None:
        if self.tabs.currentWidget() is self.conversation:
            return self.conversation.first_field() or self.conversation
        return self.raw.text

    def _title(self) -> None:
        self.setWindowTitle(self.document.title())
        self.setWindowModified(self.document.modified)

    def _progress(self, done: int, total: int, stage: str) -> None:
        """A stage with a total shows its share; one without (``total`` 0: the work over the
        whole file after the rows) shows a busy bar, not a 100% that waits."""
        self.stage.setText(stage)
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
        else:
            self.progress.setRange(0, 0)

    def _busy(self, busy: bool) -> None:
        for widget in (self.stage, self.progress, self.cancel_button):
            widget.setVisible(busy)
        if busy:
            self.progress.setRange(0, 1000)
            self.progress.setValue(0)

    def _summary(self) -> None:
        workspace = self.document.workspace
        if self.document.loading:
            self.summary.setText(f"reading… {len(workspace):,} lines")
            return
        if not workspace.analysed:  # no counts until there are some: not "0 errors"
            doing = "checking…" if self.document.running else "not checked yet"
            self.summary.setText(f"{counted(len(workspace), 'line')} · {doing}")
            return
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in workspace.all_findings():
            counts[str(finding.severity)] += 1
        self.summary.setText(
            f"{counted(len(workspace), 'line')} · {workspace.shape} · "
            f"{counted(counts['error'], 'error')} · {counted(counts['warning'], 'warning')} · "
            f"{counts['info']:,} info")

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
