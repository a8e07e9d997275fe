"""Fine-tune or prompt: the controls (requests a month, tokens per request, cache hit
share), both options side by side, the verdict with its assumptions, and the cumulative plot.

The panel only shows a ``BreakEven`` the core computed (``breakeven.break_even``); token
counts default to the file's medians until the person changes them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator.core.api import (
    BreakEven,
    RequestTokens,
    dollars,
    prices,
    verdict,
)
from curator.gui.views.breakeven_plot import CumulativePlot

ROWS = ("A month", "Training, once", "Over 12 months", "Cost per request",
        "Price per 1M: in / cached / out", "Input tokens per request", "of them cached on a hit",
        "Output tokens per request")


TIPS = {"Requests a month": "How many requests the model would answer each month",
        "Cache hit share": "The share of requests whose prompt prefix is in the provider's "
                           "cache (0 to 1)",
        "Prompt tokens dropped": "Prompt tokens the fine-tuned model no longer needs "
                                 "(default: the file's median system prompt)",
        "User tokens": "Tokens of the user's message per request (default: the file's median)",
        "Output tokens": "Tokens of the reply per request (default: the file's median)"}


def _spin(maximum: float, decimals: int = 0, step: float = 1.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setGroupSeparatorShown(True)
    spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    return spin


class BreakEvenPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.requests = _spin(1e10)
        self.requests.setValue(100_000)
        self.cache_hit = _spin(1.0, decimals=2, step=0.05)
        self.cache_hit.setObjectName("cache-hit-share")
        self.tokens = {"prompt": _spin(1e6), "user": _spin(1e6), "output": _spin(1e6)}
        self.touched: set[str] = set()
        grid = QGridLayout()
        for row, column, label, widget in (
                (0, 0, "Requests a month", self.requests),
                (0, 1, "Cache hit share", self.cache_hit),
                (1, 0, "Prompt tokens dropped", self.tokens["prompt"]),
                (1, 1, "User tokens", self.tokens["user"]),
                (1, 2, "Output tokens", self.tokens["output"])):
            grid.addWidget(QLabel(label), row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
            widget.setAccessibleName(label)
            widget.setToolTip(TIPS[label])
        self.comparison = QTableWidget(len(ROWS), 2)
        self.comparison.setObjectName("break-even-options")
        self.comparison.setAccessibleName("Base model with a prompt against the fine-tuned model")
        self.comparison.setToolTip("Both options side by side; hover a cell for its prices' "
                                   "source")
        self.comparison.setHorizontalHeaderLabels(["base model + prompt", "fine-tuned"])
        self.comparison.setVerticalHeaderLabels(list(ROWS))
        self.comparison.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 6)
        self.comparison.setWordWrap(False)
        self.verdict = QTextBrowser()
        self.verdict.setObjectName("break-even")
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setToolTip("Which option costs less, and the assumptions behind it")
        self.plot = CumulativePlot()
        left = QWidget()
        stack = QVBoxLayout(left)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addLayout(grid)
        stack.addWidget(self.comparison, 3)
        stack.addWidget(self.verdict, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.plot)
        split.setSizes([560, 640])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.requests.valueChanged.connect(lambda _: self.changed.emit())
        self.cache_hit.valueChanged.connect(lambda _: self.changed.emit())
        for name, spin in self.tokens.items():
            spin.valueChanged.connect(lambda _, name=name: self._edited(name))

    def _edited(self, name: str) -> None:
        self.touched.add(name)
        self.changed.emit()

    def set_defaults(self, found: RequestTokens) -> None:
        """Token counts from the file, for the boxes the person has not changed."""
        for name, value in (("prompt", found.prompt), ("user", found.user),
                            ("output", found.output)):
            if name not in self.touched:
                spin = self.tokens[name]
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    def workload(self) -> dict[str, float]:
        """The controls' values, as ``Workload`` fields."""
        return {"requests_per_month": self.requests.value(),
                "prompt_tokens": self.tokens["prompt"].value(),
                "user_tokens": self.tokens["user"].value(),
                "output_tokens": self.tokens["output"].value(),
                "cache_hit_rate": self.cache_hit.value()}

    def show_result(self, be: BreakEven | None, message: str = "") -> None:
        """Fill the table, the verdict and the plot; or say why there is nothing to show."""
        self.plot.show_break_even(be)
        if be is None:
            self.comparison.clearContents()
            self.verdict.setPlainText(message)
            return
        p, f = be.prompted, be.fine_tuned
        over = be.cumulative(be.workload.horizon_months)
        cells = [(dollars(p.monthly), dollars(f.monthly)),
                 ("—", dollars(be.training.low, be.training.high)),
                 (dollars(over[0]), dollars(over[1], over[2])),
                 (f"${p.per_request:.6f}", f"${f.per_request:.6f}"),
                 (prices(p.prices), prices(f.prices)),
                 (f"{p.input_tokens:,.0f}", f"{f.input_tokens:,.0f}"),
                 (f"{p.cached_tokens:,}", f"{f.cached_tokens:,}"),
                 (f"{p.output_tokens:,.0f}", f"{f.output_tokens:,.0f}")]
        for row, pair in enumerate(cells):
            for column, text in enumerate(pair):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip((p if column == 0 else f).prices.source)
                self.comparison.setItem(row, column, item)
        assumptions = "".join(f"<li>{html.escape(line)}</li>" for line in be.assumptions)
        sources = "".join(
            f"<li>{label} prices: {html.escape(o.prices.source)}, as of {o.prices.as_of}</li>"
            for label, o in (("base", p), ("fine-tuned", f)))
        self.verdict.setHtml("<p><b>" + "<br>".join(html.escape(s) for s in verdict(be))
                             + f"</b></p><p>Assumptions:</p><ul>{assumptions}{sources}</ul>")
