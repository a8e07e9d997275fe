"""Training cost per model, the chosen target, epochs, and fine-tune or prompt.

Every number comes from the core (``cost.estimate``, ``breakeven.break_even``) over the
current token counts. Models whose tokenizer differs from the one the check used are counted
again in the background.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import (
    Analysis,
    CostEstimate,
    MissingPricesError,
    Shape,
    Target,
    Workload,
    break_even,
    counting_of,
    dollars,
    encoding_of,
    estimate,
    for_target,
    request_tokens,
    targets_of,
)
from curator.gui.document import Document
from curator.gui.views.breakeven_panel import BreakEvenPanel
from curator.gui.views.refresh import Refresher
from curator.gui.workers import TaskSet, count_task

HEADERS = ("Model", "Billed tokens", "Epochs", "Training tokens", "Cost", "Price", "As of")


class CostView(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.targets: dict[str, Target] = targets_of(document.settings)
        self.estimates: dict[str, CostEstimate] = {}
        self.counts: dict[str, pd.DataFrame] = {}  # other encodings, for the data version
        self._counted: tuple[int, int] | None = None
        self.tasks = TaskSet(self)
        top = QHBoxLayout()
        self.target = QComboBox()
        self.target.setObjectName("cost-target")
        self.target.setAccessibleName("Target model")
        self.target.setToolTip("The model whose cost the summary and the break-even show")
        for name in self.targets:
            self.target.addItem(name, name)
        self.epochs = QSpinBox()
        self.epochs.setRange(0, 100)
        self.epochs.setSpecialValueText("auto (OpenAI's rule)")
        self.epochs.setAccessibleName("Epochs")
        self.epochs.setToolTip("Passes over the data; auto follows OpenAI's default rule")
        top.addWidget(QLabel("Target"))
        top.addWidget(self.target, 1)
        top.addWidget(QLabel("Epochs"))
        top.addWidget(self.epochs)
        self.summary = QLabel()
        self.summary.setObjectName("cost-summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Training cost per model")
        self.table.setToolTip("Billed tokens, epochs, trained tokens and cost on every model, "
                              "with each price's source and date")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.panel = BreakEvenPanel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.table, "Training cost per model")
        self.pages.addTab(self.panel, "Fine-tune or prompt")
        layout.addWidget(self.pages, 1)
        self.target.currentIndexChanged.connect(lambda _: self.redraw())
        self.epochs.valueChanged.connect(lambda _: self.redraw())
        self.panel.changed.connect(self._show_break_even)
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

    def _frame(self, target: Target) -> pd.DataFrame | None:
        """The per-example tokens ``target`` counts with: the check's own when it counts
        alike (the same encoding, or tokenizer and template), else counted in the
        background."""
        workspace = self.document.workspace
        if not workspace.analysed:
            return None  # other encodings are counted once the check is done, not beside it
        encoding = self._counting(target)
        if encoding == encoding_of(workspace.settings):
            return workspace.metrics if not workspace.metrics.empty else None
        state = (id(workspace), workspace.version)
        if self._counted != state:
            self._counted = state
            self.counts = {}
        if encoding not in self.counts:
            self._count(encoding, target)
            return None
        return self.counts[encoding]

    def _counting(self, target: Target) -> str:
        return encoding_of(for_target(self.document.workspace.settings, target))

    def _count(self, encoding: str, target: Target) -> None:
        if self.tasks.running(encoding):
            return
        workspace = self.document.workspace
        snapshot, keys = workspace.snapshot()
        known = workspace.shape if workspace.shape is not Shape.UNKNOWN else None
        settings = for_target(workspace.settings, target).replace(shape=known)
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
            self.refresher.stale()

    def wait(self) -> None:
        self.tasks.wait()

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        epochs = self.epochs.value() or None
        self.estimates = {}
        self.table.setRowCount(len(self.targets))
        for row, (name, target) in enumerate(self.targets.items()):
            frame = self._frame(target)
            cells: list[str]
            training = target.training
            if frame is None:
                cells = [name, "counting…", "", "", "", target.price_note, training.as_of]
            else:
                est = estimate(frame["total"], target, epochs)
                self.estimates[name] = est
                cells = [name, f"{est.billed_tokens:,}", str(est.epochs),
                         f"{est.training_tokens:,}", dollars(est.cost.low, est.cost.high),
                         target.price_note, training.as_of]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{target.price_note}; source: {training.source}, as of "
                                f"{training.as_of}")
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
        self._show_break_even()

    def _show_summary(self) -> None:
        target = self.selected()
        est = self.estimates.get(target.name)
        if est is None:
            self.summary.setText(f"{target.name}: counting tokens with "
                                 f"{self._counting(target)}…")
            return
        over = (f" {est.truncated:,} examples are over its {target.token_limit:,}-token "
                "limit and are billed at the limit." if est.truncated else "")
        runs = "" if est.cost.exact else " for one run, " + est.cost.assumptions[1]
        self.summary.setText(
            f"<b>{target.name}</b>: {est.examples:,} examples × {est.epochs} epochs = "
            f"{est.training_tokens:,} training tokens, "
            f"<b>{dollars(est.cost.low, est.cost.high)}</b>{runs} ({target.price_note}; "
            f"{target.training.source}, as of {target.training.as_of}).{over}"
            + self._tokens_note(target))

    def _tokens_note(self, target: Target) -> str:
        """How an open model's tokens were counted, and what TRL trains of them."""
        how = counting_of(for_target(self.document.workspace.settings, target))
        frame = self._frame(target)
        if not how.template or frame is None:
            return "" if how.exact else f" Tokens approximated with {how.encoding}."
        exact = "counted with" if how.exact else "approximated with"
        return (f" Tokens {exact} {how.encoding}, rendered with {how.template}; "
                f"{int(frame['trained'].sum()):,} assistant tokens are trained per epoch.")

    def _show_break_even(self) -> None:
        """The selected model's two options, from its training cost and the controls."""
        target = self.selected()
        est = self.estimates.get(target.name)
        frame = self._frame(target)
        if est is None or frame is None:
            self.panel.show_result(None, f"Counting tokens with {self._counting(target)}…")
            return
        self.panel.set_defaults(request_tokens(frame))
        try:
            result = break_even(target, est.cost, Workload(**self.panel.workload()))
        except MissingPricesError as exc:
            self.panel.show_result(None, f"{exc}.")
            return
        self.panel.show_result(result)
