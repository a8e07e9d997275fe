"""Statistics as plots (pyqtgraph): token lengths with the outlier fences and the model's
limit, tokens per role, messages per example, languages. A click on a bar of a histogram
filters the examples table to the rows in it.

pyqtgraph rather than QtCharts: QtCharts is not in PySide6-Essentials (it would pull in the
whole PySide6-Addons, hundreds of MB in the packaged app), while pyqtgraph is pure Python on
numpy and Qt Widgets, draws 100k-row histograms instantly, and handles clicks in data units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from curator.core.api import (
    ROLES,
    Counting,
    Fences,
    Histogram,
    LengthOutliers,
    counting_of,
    histogram,
    integer_histogram,
)
from curator.gui.document import Document
from curator.gui.views.refresh import Refresher

BAR = (66, 133, 244)
FENCE = pg.mkPen((245, 124, 0), width=2, style=Qt.PenStyle.DashLine)
LIMIT = pg.mkPen((211, 47, 47), width=2)
MAX_LENGTH = pg.mkPen((123, 31, 162), width=2, style=Qt.PenStyle.DotLine)


@dataclass
class Chart:
    plot: pg.PlotItem
    histogram: Histogram | None = None
    values: pd.Series | None = None  # per key, for the rows behind a bar


class StatsView(QWidget):
    filter_lines = Signal(object)  # frozenset of line numbers

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.canvas = pg.GraphicsLayoutWidget()
        self.charts = {
            "tokens": Chart(self.canvas.addPlot(row=0, col=0)),
            "roles": Chart(self.canvas.addPlot(row=0, col=1)),
            "messages": Chart(self.canvas.addPlot(row=1, col=0)),
            "languages": Chart(self.canvas.addPlot(row=1, col=1)),
        }
        for chart in self.charts.values():
            chart.plot.setMenuEnabled(False)
            chart.plot.hideButtons()
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        layout.addWidget(self.note)
        self.canvas.scene().sigMouseClicked.connect(self._clicked)
        self.refresher = Refresher(self, document, self.redraw)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Override QWidget.showEvent: catch up with changes made while hidden."""
        super().showEvent(event)
        self.refresher.now()

    # -- drawing ---------------------------------------------------------------------------

    def fences(self) -> Fences | None:
        """The outlier fences of the last full check, if the file has enough examples."""
        outliers = self.document.workspace.conclusion("tokens")
        return outliers.bounds if isinstance(outliers, LengthOutliers) else None

    def redraw(self) -> None:
        workspace = self.document.workspace
        frame = workspace.metrics
        for chart in self.charts.values():
            chart.plot.clear()
        if frame.empty:
            self.note.setText("No token counts yet: open a file and let the check finish.")
            return
        self._tokens(frame["total"])
        self._roles(frame)
        chart = self._histogram("messages", frame["messages"], "Messages per example",
                                whole=True)
        assert chart.histogram is not None
        edges = chart.histogram.edges
        if len(edges) <= 41 and edges[1] - edges[0] == 1:
            chart.plot.getAxis("bottom").setTicks(
                [[(e + 0.5, str(int(e + 0.5))) for e in edges[:-1]]])
        self._languages(frame)
        target = workspace.settings.core.target
        fences = self.fences()
        how = counting_of(workspace.settings)
        parts = [f"{len(frame):,} examples with token counts ({how.encoding}"
                 + ("" if how.exact else ", approximate") + ")."]
        parts += _trained_note(how, frame)
        longest = int(frame["total"].max())
        if fences:
            parts.append(f"Outlier fences (dashed): {fences.low:,.0f} and {fences.high:,.0f} "
                         "tokens" + (" (the upper one is beyond the longest example, "
                                     f"{longest:,})" if fences.high > longest * 1.1 else "")
                         + ".")
        if target:
            beyond = " (beyond the chart)" if target.token_limit > longest * 1.1 else ""
            parts.append(f"{target.name} takes {target.token_limit:,} tokens per example "
                         f"(red line{beyond}).")
        parts.append("Click a bar to show its examples.")
        self.note.setText(" ".join(parts))

    def _bars(self, chart: Chart, hist: Histogram) -> None:
        edges = np.asarray(hist.edges)
        chart.plot.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:],
                                           height=np.asarray(hist.counts), brush=BAR,
                                           pen=pg.mkPen("w")))

    def _histogram(self, name: str, values: pd.Series, title: str, whole: bool = False
                   ) -> Chart:
        chart = self.charts[name]
        chart.values = values
        chart.histogram = integer_histogram(values) if whole else histogram(values)
        self._bars(chart, chart.histogram)
        chart.plot.setTitle(title)
        chart.plot.setLabel("left", "examples")
        return chart

    def _tokens(self, totals: pd.Series) -> None:
        chart = self._histogram("tokens", totals, "Tokens per example")
        workspace = self.document.workspace
        right = float(totals.max()) * 1.1  # the data decide the range; lines beyond it are
        lines = []  # named in the note instead of squeezing the bars
        fences = self.fences()
        if fences:
            lines += [(fences.low, FENCE), (fences.high, FENCE)]
        target = workspace.settings.core.target
        if target:
            lines.append((float(target.token_limit), LIMIT))
        how = counting_of(workspace.settings)
        if how.template and how.max_length:
            lines.append((float(how.max_length), MAX_LENGTH))
        for x, pen in lines:
            if x <= right:
                chart.plot.addItem(pg.InfiniteLine(pos=x, angle=90, pen=pen))
        chart.plot.setXRange(0, right, padding=0)

    def _roles(self, frame: pd.DataFrame) -> None:
        chart = self.charts["roles"]
        chart.values = chart.histogram = None
        roles = [r for r in ROLES if r in frame and (frame[r] > 0).any()]
        medians = [float(frame[r][frame[r] > 0].median()) for r in roles]
        if counting_of(self.document.workspace.settings).template:
            roles.append("trained")  # an open model: what TRL trains of each example
            medians.append(float(frame["trained"].median()))
        chart.plot.addItem(pg.BarGraphItem(x=np.arange(len(roles)), height=medians, width=0.6,
                                           brush=BAR))
        chart.plot.getAxis("bottom").setTicks([list(enumerate(roles))])
        chart.plot.setTitle("Median tokens per role (examples that have it)")

    def _languages(self, frame: pd.DataFrame) -> None:
        chart = self.charts["languages"]
        chart.values = chart.histogram = None
        counts = frame["lang"].replace("", "?").value_counts().head(12)
        chart.plot.addItem(pg.BarGraphItem(x=np.arange(len(counts)), height=counts.to_numpy(),
                                           width=0.6, brush=BAR))
        chart.plot.getAxis("bottom").setTicks([list(enumerate(counts.index.tolist()))])
        chart.plot.setTitle("Languages (? = too short to tell)")

    # -- clicks ----------------------------------------------------------------------------

    def _clicked(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        for name, chart in self.charts.items():
            if chart.histogram is None or not chart.plot.sceneBoundingRect().contains(position):
                continue
            point = chart.plot.vb.mapSceneToView(position)
            edges = chart.histogram.edges
            if edges[0] <= point.x() <= edges[-1]:
                self.select_bin(name, chart.histogram.bin_of(point.x()))

    def lines_in_bin(self, name: str, index: int) -> frozenset[int]:
        chart = self.charts[name]
        if chart.histogram is None or chart.values is None:
            return frozenset()
        values = chart.values
        edges = np.asarray(chart.histogram.edges)
        bins = np.clip(np.searchsorted(edges, values.to_numpy(dtype=float), side="right") - 1,
                       0, len(chart.histogram.counts) - 1)
        hits = values[bins == index]
        workspace = self.document.workspace
        return frozenset(workspace.line(int(key)) for key in hits.index)

    def select_bin(self, name: str, index: int) -> None:
        """Show the examples behind one bar in the examples table."""
        self.filter_lines.emit(self.lines_in_bin(name, index))


def _trained_note(how: Counting, frame: pd.DataFrame) -> list[str]:
    """For an open model: what TRL trains, and what its max_length cuts."""
    if not how.template:
        return []
    total = int(frame["total"].sum())
    trained = int(frame["trained"].sum())
    share = f" ({trained / total:.0%})" if total else ""
    parts = [f"Rendered with {how.template}: {trained:,} of {total:,} tokens are trained"
             f"{share} (the 'trained' bar: its median per example)."]
    cut = int((frame["template_lost"] > 0).sum())
    if how.max_length:
        parts.append(f"TRL's max_length {how.max_length:,} (dotted line) cuts "
                     f"{int(frame['template_lost'].sum()):,} trained tokens in {cut:,} "
                     "examples." if cut else f"TRL's max_length {how.max_length:,} cuts "
                     "no trained token.")
    return parts
