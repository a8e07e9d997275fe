"""File behaviour of the window: open, recent files, save, save as, preferences, recovery.

Questions to the person go through :meth:`FileController.ask` and file choices through
:meth:`choose_open` / :meth:`choose_save`, so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from curator.core.api import CONVERTIBLE, TABLES, FormatError, RecoveryError, detect_format
from curator.gui import convert
from curator.gui.document import Document
from curator.gui.preferences_dialog import PreferencesDialog
from curator.gui.settings import add_recent, recent_files, save_preferences

FILTER = ("JSON Lines (*.jsonl *.json);;Tables to convert (*.csv *.tsv *.xlsx);;"
          "All files (*)")
Buttons = QMessageBox.StandardButton


class FileController:
    """What the File menu does for one document; ``window`` parents its dialogs."""

    def __init__(self, document: Document, window: QWidget) -> None:
        self.document = document
        self.window = window

    # -- questions (tests replace these) -------------------------------------------------------

    def ask(self, title: str, text: str, buttons: Buttons, default: Buttons) -> Buttons:
        return QMessageBox.question(self.window, title, text, buttons, default)

    def choose_open(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a dataset", "", FILTER)
        return Path(name) if name else None

    def choose_save(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Save as", str(
            self.document.path or ""), FILTER)
        return Path(name) if name else None

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self.window, "Curator", message)

    def choose_columns(self, path: Path, columns: list[str]) -> tuple[str, str, str | None] | None:
        dialog = convert.ColumnsDialog(path, columns, self.window)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # -- actions -----------------------------------------------------------------------------

    def open_dialog(self) -> None:
        path = self.choose_open()
        if path is not None:
            self.open(path)

    def open(self, path: Path) -> None:
        path = path.absolute()  # a later change of folder cannot move it
        if not self.may_discard():
            return
        if not path.is_file():
            self.show_error(f"{path}: no such file; check the path, or pick the file with "
                            "File › Open")
            return
        add_recent(path)
        if self.offer_conversion(path):
            return
        self.document.discard_recovery()
        self.document.open(path)

    def offer_conversion(self, path: Path) -> bool:
        """A table, ShareGPT or Alpaca file: offer to convert it (True when it was)."""
        try:
            fmt, why = detect_format(path)
        except OSError:
            return False
        if fmt not in CONVERTIBLE:
            return False
        answer = self.ask("Convert this file?",
                          f"{path.name} looks like {fmt} ({why}), not chat JSONL: read as it "
                          "is, every line would be an error. Convert it to OpenAI chat "
                          "examples? They open as a new file; the original is not changed.",
                          Buttons.Yes | Buttons.No, Buttons.Yes)
        if answer != Buttons.Yes:
            return False
        try:
            columns = None
            if fmt in TABLES:
                columns = self.choose_columns(path, convert.table_columns(path, fmt))
                if columns is None:
                    return True
            dataset, skipped = convert.convert(path, fmt, columns)
        except FormatError as exc:
            self.show_error(str(exc))
            return True
        self.document.discard_recovery()
        self.document.adopt_dataset(dataset, modified=True)
        if skipped:
            self.show_error(f"Converted {len(dataset):,} examples from {path.name}; left out "
                            f"{len(skipped):,}: " + "; ".join(
                                f"line {r.line}: {r.problem}" for r in skipped[:5])
                            + ("…" if len(skipped) > 5 else ""))
        return True

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for path in recent_files():
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if menu.isEmpty():
            menu.addAction("(no recent files)").setEnabled(False)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save(None)

    def save_as(self) -> bool:
        path = self.choose_save()
        if path is None:
            return False
        path = path.absolute()
        saved = self._save(path)
        if saved:
            add_recent(path)
        return saved

    def _save(self, path: Path | None) -> bool:
        if self.document.loading:
            self.show_error("the file is still being read; save when it has finished")
            return False
        try:
            self.document.save(path)
        except (OSError, ValueError) as exc:
            self.show_error(f"could not save {path or self.document.path}: {exc}. The file on "
                            "disk is unchanged and your edits are still here; try Save As "
                            "somewhere else.")
            return False
        return True

    def may_discard(self) -> bool:
        """True when there are no unsaved changes, or the person chose to save or drop them."""
        if not self.document.modified:
            return True
        answer = self.ask("Unsaved changes", f"Save the changes to "
                          f"{self.document.path or 'this file'} first?",
                          Buttons.Save | Buttons.Discard | Buttons.Cancel, Buttons.Save)
        if answer == Buttons.Save:
            return self.save()
        return answer == Buttons.Discard

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.document.settings, self.window)
        if dialog.exec():
            self.apply_preferences(dialog.preferences())

    def apply_preferences(self, preferences: dict[str, Any]) -> None:
        save_preferences(preferences)
        self.document.set_preferences(preferences)

    def offer_recovery(self) -> None:
        """At start: offer to restore what a crashed session left unsaved."""
        for journal in self.document.journals():
            answer = self.ask("Restore unsaved edits?",
                              f"Curator did not close cleanly last time. Restore "
                              f"{self.document.describe(journal)}?",
                              Buttons.Yes | Buttons.No, Buttons.Yes)
            if answer != Buttons.Yes:
                journal.unlink(missing_ok=True)
                continue
            try:
                self.document.restore(journal)
            except RecoveryError as exc:
                self.show_error(str(exc))
                continue
            return
