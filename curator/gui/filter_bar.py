"""The filter bar over the examples table: text, severity, check family, only problems."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from curator.core.api import CODES, Severity, registered
from curator.gui import keyboard
from curator.gui.examples_model import Filter

SEVERITIES = (("any status", None), ("errors", Severity.ERROR),
              ("warnings and worse", Severity.WARNING), ("info and worse", Severity.INFO))
TYPING_MS = 250
# what a check family's name does not say by itself
CHECK_LABELS = {"pii": "pii: personal data and secrets"}


class FilterBar(QWidget):
    changed = Signal(object)  # a Filter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Search the examples…")
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName("Search the examples")
        self.text.setToolTip("Show only the examples whose JSON holds this text (any case)")
        keyboard.watch(self.text)
        self.severity = QComboBox()
        for label, value in SEVERITIES:
            self.severity.addItem(label, value)
        self.severity.setAccessibleName("Severity filter")
        self.severity.setToolTip("Show only the examples with a finding at least this bad")
        self.check = QComboBox()
        self.check.setAccessibleName("Check filter")
        self.check.setToolTip("Show only the examples with a finding of this check")
        self.check.addItem("every check", "")
        registered()  # the families register their codes as they are imported
        for family in sorted({code.check for code in CODES.values()}):
            self.check.addItem(CHECK_LABELS.get(family, family), family)
        self.check.setToolTip("Show only examples with findings of one check (pii: emails, "
                              "phone numbers, cards, IBANs, IP addresses and secrets)")
        self.only_problems = QCheckBox("only problems")
        self.only_problems.setToolTip("Show only the examples that have a finding")
        self.lines: frozenset[int] = frozenset()
        self.clear_lines = QPushButton("show all lines")
        self.clear_lines.hide()
        self.clear_lines.setToolTip("Show every line again (a chart's bar chose these)")
        self.clear_lines.clicked.connect(lambda: self.set_lines(frozenset()))
        for widget in (self.text, self.severity, self.check, self.only_problems,
                       self.clear_lines):
            layout.addWidget(widget)
        layout.setStretch(0, 1)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_MS)
        self._typing.timeout.connect(self.emit_filter)
        self.text.textChanged.connect(lambda _: self._typing.start())
        self.severity.currentIndexChanged.connect(lambda _: self.emit_filter())
        self.check.currentIndexChanged.connect(lambda _: self.emit_filter())
        self.only_problems.toggled.connect(lambda _: self.emit_filter())

    def current(self) -> Filter:
        return Filter(self.text.text().strip(), self.severity.currentData(),
                      self.check.currentData() or "", self.only_problems.isChecked(),
                      self.lines)

    def show_check(self, check: str) -> None:
        """Filter the table to one check's rows (e.g. "pii")."""
        self.check.setCurrentIndex(max(0, self.check.findData(check)))

    def set_lines(self, lines: frozenset[int]) -> None:
        """Show only these lines (a click on a histogram bar)."""
        self.lines = lines
        self.clear_lines.setVisible(bool(lines))
        self.clear_lines.setText(f"showing {len(lines):,} lines: show all")
        self.emit_filter()

    def emit_filter(self) -> None:
        self.changed.emit(self.current())
