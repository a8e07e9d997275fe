"""Training cost per model, the chosen target, epochs, and the fine-tune break-even.

Every number comes from the core (``cost.estimate``, ``cost.break_even``) over the current
token counts. Models whose tokenizer differs from the one the check used are counted again
in the background.
"""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import (
    Analysis,
    CostEstimate,
    Shape,
    Target,
    break_even,
    encoding_of,
    estimate,
    load_targets,
)
from curator.gui.document import Document
from curator.gui.views.refresh import Refresher
from curator.gui.workers import TaskSet, count_task

HEADERS = ("Model", "Billed tokens", "Epochs", "Training tokens", "Cost", "Price", "As of")


class CostView(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.targets: dict[str, Target] = load_targets()
        self.estimates: dict[str, CostEstimate] = {}
        self.counts: dict[str, pd.DataFrame] = {}  # other encodings, for the data version
        self._counted: tuple[int, int] | None = None
        self.tasks = TaskSet(self)
        top = QHBoxLayout()
        self.target = QComboBox()
        self.target.setObjectName("cost-target")
        for name in self.targets:
            self.target.addItem(name, name)
        self.epochs = QSpinBox()
        self.epochs.setRange(0, 100)
        self.epochs.setSpecialValueText("auto (OpenAI's rule)")
        top.addWidget(QLabel("Target"))
        top.addWidget(self.target, 1)
        top.addWidget(QLabel("Epochs"))
        top.addWidget(self.epochs)
        self.summary = QLabel()
        self.summary.setObjectName("cost-summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        box = QGroupBox("Break-even: fine-tune, then drop the long prompt")
        form = QFormLayout(box)
        self.prompt_tokens = QDoubleSpinBox()
        self.prompt_tokens.setRange(0, 1e6)
        self.prompt_tokens.setDecimals(0)
        self.requests = QDoubleSpinBox()
        self.requests.setRange(0, 1e10)
        self.requests.setDecimals(0)
        self.requests.setValue(100_000)
        self.break_even = QLabel()
        self.break_even.setObjectName("break-even")
        self.break_even.setWordWrap(True)
        form.addRow("Prompt tokens dropped per request", self.prompt_tokens)
        form.addRow("Requests per month", self.requests)
        form.addRow(self.break_even)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(box, 2)
        layout.addLayout(row, 1)
        self._prompt_touched = False
        self.target.currentIndexChanged.connect(lambda _: self.redraw())
        self.epochs.valueChanged.connect(lambda _: self.redraw())
        self.prompt_tokens.valueChanged.connect(self._prompt_edited)
        self.requests.valueChanged.connect(lambda _: self._show_break_even())
        self.refresher = Refresher(self, document, self.redraw)
        chosen = document.settings.core.target
        if chosen is not None:
            self.target.setCurrentIndex(max(0, self.target.findData(chosen.name)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Override QWidget.showEvent: catch up with changes made while hidden."""
        super().showEvent(event)
        self.refresher.now()

    def selected(self) -> Target:
        return self.targets[self.target.currentData()]

    # -- numbers ---------------------------------------------------------------------------

    def _frame(self, encoding: str) -> pd.DataFrame | None:
        workspace = self.document.workspace
        if encoding == encoding_of(workspace.settings):
            return workspace.metrics if not workspace.metrics.empty else None
        state = (id(workspace), workspace.version)
        if self._counted != state:
            self._counted = state
            self.counts = {}
        if encoding not in self.counts:
            self._count(encoding)
            return None
        return self.counts[encoding]

    def _count(self, encoding: str) -> None:
        if self.tasks.running(encoding):
            return
        workspace = self.document.workspace
        snapshot, keys = workspace.snapshot()
        model = next(t for t in self.targets.values() if t.encoding == encoding)
        known = workspace.shape if workspace.shape is not Shape.UNKNOWN else None
        settings = workspace.settings.replace(shape=known, target=model)
        path = self.document.path
        saved = str(path) if path and not self.document.modified and path.exists() else None
        task = count_task(snapshot, keys, settings, saved)
        task.setObjectName(encoding)
        state = (id(workspace), workspace.version)
        self.tasks.start(task, lambda analysis: self._counted_in(encoding, state, analysis))

    def _counted_in(self, encoding: str, state: tuple[int, int], analysis: Analysis | None
                    ) -> None:
        if analysis is not None and state == self._counted:
            self.counts[encoding] = analysis.metrics
            self.redraw()

    def wait(self) -> None:
        self.tasks.wait()

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        epochs = self.epochs.value() or None
        self.estimates = {}
        self.table.setRowCount(len(self.targets))
        for row, (name, target) in enumerate(self.targets.items()):
            frame = self._frame(target.encoding)
            cells: list[str]
            if frame is None:
                cells = [name, "counting…", "", "", "", target.price_note, target.as_of]
            else:
                est = estimate(frame["total"], target, epochs)
                self.estimates[name] = est
                cells = [name, f"{est.billed_tokens:,}", str(est.epochs),
                         f"{est.training_tokens:,}", f"${est.cost:,.2f}", target.price_note,
                         target.as_of]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{target.price_note}; source: {target.source}, as of "
                                f"{target.as_of}")
                if column in (1, 2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                if name == self.target.currentData():
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._show_summary()
        if not self._prompt_touched:
            self._default_prompt()
        self._show_break_even()

    def _show_summary(self) -> None:
        target = self.selected()
        est = self.estimates.get(target.name)
        if est is None:
            self.summary.setText(f"{target.name}: counting tokens with {target.encoding}…")
            return
        over = (f" {est.truncated:,} examples are over its {target.token_limit:,}-token "
                "limit and are billed at the limit." if est.truncated else "")
        self.summary.setText(
            f"<b>{target.name}</b>: {est.examples:,} examples × {est.epochs} epochs = "
            f"{est.training_tokens:,} training tokens, <b>${est.cost:,.2f}</b> "
            f"({target.price_note}; {target.source}, as of {target.as_of}).{over}")

    def _default_prompt(self) -> None:
        frame = self._frame(self.selected().encoding)
        if frame is None or "system" not in frame:
            return
        system = frame["system"][frame["system"] > 0]
        self.prompt_tokens.blockSignals(True)
        self.prompt_tokens.setValue(float(system.median()) if len(system) else 0.0)
        self.prompt_tokens.blockSignals(False)

    def _prompt_edited(self) -> None:
        self._prompt_touched = True
        self._show_break_even()

    def _show_break_even(self) -> None:
        target = self.selected()
        est = self.estimates.get(target.name)
        if est is None:
            self.break_even.setText("")
            return
        result = break_even(est.cost, self.prompt_tokens.value(), self.requests.value(),
                            target.input_per_1m)
        months = result.months_to_repay
        repaid = ("never (nothing saved per month)" if math.isinf(months)
                  else f"{months:,.1f} months")
        self.break_even.setText(
            f"At ${target.input_per_1m:.2f} per 1M input tokens ({target.name}), dropping "
            f"{result.prompt_tokens:,.0f} tokens from {result.requests_per_month:,.0f} requests "
            f"saves <b>${result.monthly_saving:,.2f} a month</b>; training "
            f"(${est.cost:,.2f}) is repaid in <b>{repaid}</b>.")
