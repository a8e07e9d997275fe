"""Statistics as plots (pyqtgraph): token lengths with the outlier fences and the model's
limit, tokens per role, messages per example, languages. A click on a bar of a histogram or
of the languages filters the examples table to the rows in it.

Colours come from the palette (:mod:`curator.gui.theme`), set on these plots only (no global
pyqtgraph setting), and follow a change of theme. A bar of a handful of examples beside bars
of thousands is drawn a few pixels high, so it can be seen and clicked; its count is its label.

pyqtgraph rather than QtCharts: QtCharts is not in PySide6-Essentials (it would pull in the
whole PySide6-Addons, hundreds of MB in the packaged app), while pyqtgraph is pure Python on
numpy and Qt Widgets, draws 100k-row histograms instantly, and handles clicks in data units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from curator.core.api import (
    ROLES,
    Counting,
    Fences,
    Histogram,
    LengthOutliers,
    Severity,
    counting_of,
    histogram,
    integer_histogram,
    language_name,
)
from curator.gui import theme
from curator.gui.document import Document
from curator.gui.views.refresh import Refresher

SMALLEST_BAR = 0.015  # of the tallest bar: a bar of 1 example beside 50,000 still shows


@dataclass
class Chart:
    plot: pg.PlotItem
    histogram: Histogram | None = None
    values: pd.Series | None = None  # per key, for the rows behind a bar
    categories: list[str] | None = None  # a bar chart of categories (languages)


class StatsView(QWidget):
    filter_lines = Signal(object)  # frozenset of line numbers

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setAccessibleName("Statistics charts")
        self.canvas.setToolTip("Click a bar of tokens, messages or languages to show its "
                               "examples in the table")
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
        self.note.setObjectName("stats-note")
        self.note.setWordWrap(True)
        self._colour()
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: redraw in the new colours when the theme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "refresher"):
            self._colour()
            self.refresher.now(force=True)

    # -- colours ---------------------------------------------------------------------------

    def colours(self) -> dict[str, QColor]:
        """The charts' colours, from the palette: ground, text, bars, fences, limit."""
        colours = self.palette()
        base = colours.color(theme.Role.Base)
        return {"background": base, "text": colours.color(theme.Role.Text),
                "bar": theme.readable(colours.color(theme.Role.Highlight), base,
                                      theme.MARK_CONTRAST),
                "fence": theme.severity_colour(Severity.WARNING, colours),
                "limit": theme.severity_colour(Severity.ERROR, colours)}

    def _colour(self) -> None:
        colours = self.colours()
        self.canvas.setBackground(colours["background"])
        for chart in self.charts.values():
            for name in ("left", "bottom"):
                axis = chart.plot.getAxis(name)
                axis.setPen(pg.mkPen(colours["text"]))
                axis.setTextPen(pg.mkPen(colours["text"]))

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
            chart.plot.setTitle(None)
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
        parts.append("Click a bar of tokens, messages or languages to show its examples.")
        self.note.setText(" ".join(parts))

    def _bars(self, chart: Chart, hist: Histogram) -> None:
        edges = np.asarray(hist.edges)
        colours = self.colours()
        chart.plot.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:],
                                           height=visible(np.asarray(hist.counts)),
                                           brush=colours["bar"],
                                           pen=pg.mkPen(colours["background"])))

    def _title(self, chart: Chart, title: str) -> None:
        chart.plot.setTitle(title, color=self.colours()["text"])

    def _histogram(self, name: str, values: pd.Series, title: str, whole: bool = False
                   ) -> Chart:
        chart = self.charts[name]
        chart.values = values
        chart.categories = None
        chart.histogram = integer_histogram(values) if whole else histogram(values)
        self._bars(chart, chart.histogram)
        self._title(chart, title)
        chart.plot.setLabel("left", "examples")
        return chart

    def _tokens(self, totals: pd.Series) -> None:
        chart = self._histogram("tokens", totals, "Tokens per example")
        workspace = self.document.workspace
        right = float(totals.max()) * 1.1  # the data decide the range; lines beyond it are
        lines = []  # named in the note instead of squeezing the bars
        colours = self.colours()
        fence = pg.mkPen(colours["fence"], width=2, style=Qt.PenStyle.DashLine)
        fences = self.fences()
        if fences:
            lines += [(fences.low, fence), (fences.high, fence)]
        target = workspace.settings.core.target
        if target:
            lines.append((float(target.token_limit), pg.mkPen(colours["limit"], width=2)))
        how = counting_of(workspace.settings)
        if how.template and how.max_length:
            lines.append((float(how.max_length), pg.mkPen(colours["text"], width=2,
                                                          style=Qt.PenStyle.DotLine)))
        for x, pen in lines:
            if x <= right:
                chart.plot.addItem(pg.InfiniteLine(pos=x, angle=90, pen=pen))
        chart.plot.setXRange(0, right, padding=0)

    def _roles(self, frame: pd.DataFrame) -> None:
        chart = self.charts["roles"]
        chart.values = chart.histogram = chart.categories = None
        roles = [r for r in ROLES if r in frame and (frame[r] > 0).any()]
        medians = [float(frame[r][frame[r] > 0].median()) for r in roles]
        if counting_of(self.document.workspace.settings).template:
            roles.append("trained")  # an open model: what TRL trains of each example
            medians.append(float(frame["trained"].median()))
        chart.plot.addItem(pg.BarGraphItem(x=np.arange(len(roles)), height=medians, width=0.6,
                                           brush=self.colours()["bar"]))
        chart.plot.getAxis("bottom").setTicks([list(enumerate(roles))])
        self._title(chart, "Median tokens per role (examples that have it)")

    def _languages(self, frame: pd.DataFrame) -> None:
        chart = self.charts["languages"]
        chart.histogram = None
        chart.values = frame["lang"].fillna("")
        counts = chart.values.value_counts().head(12)
        chart.categories = [str(code) for code in counts.index]
        colours = self.colours()
        x = np.arange(len(counts))
        chart.plot.addItem(pg.BarGraphItem(x=x, height=visible(counts.to_numpy()), width=0.6,
                                           brush=colours["bar"]))
        for i, count in enumerate(counts.to_numpy()):
            label = pg.TextItem(f"{int(count):,}", color=colours["text"], anchor=(0.5, 1))
            label.setPos(float(i), float(visible(counts.to_numpy())[i]))
            chart.plot.addItem(label)
        chart.plot.getAxis("bottom").setTicks([[(i, code or "?") for i, code in
                                                enumerate(chart.categories)]])
        chart.plot.setYRange(0, float(counts.max()) * 1.15 if len(counts) else 1, padding=0)
        names = ", ".join(f"{code or '?'} {language_name(code) if code else 'too short'}"
                          for code in chart.categories[:6])
        self._title(chart, "Languages")
        chart.plot.setToolTip(names)

    # -- clicks ----------------------------------------------------------------------------

    def _clicked(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        for name, chart in self.charts.items():
            if chart.values is None or not chart.plot.sceneBoundingRect().contains(position):
                continue
            point = chart.plot.vb.mapSceneToView(position)
            if chart.categories is not None:
                index = round(point.x())
                if 0 <= index < len(chart.categories) and abs(point.x() - index) <= 0.3:
                    self.select_bin(name, index)
            elif chart.histogram is not None:
                edges = chart.histogram.edges
                if edges[0] <= point.x() <= edges[-1]:
                    self.select_bin(name, chart.histogram.bin_of(point.x()))

    def lines_in_bin(self, name: str, index: int) -> frozenset[int]:
        """The lines of the examples behind one bar."""
        chart = self.charts[name]
        if chart.values is None:
            return frozenset()
        values = chart.values
        if chart.categories is not None:
            hits = values[values == chart.categories[index]]
        elif chart.histogram is not None:
            edges = np.asarray(chart.histogram.edges)
            bins = np.clip(np.searchsorted(edges, values.to_numpy(dtype=float),
                                           side="right") - 1, 0, len(chart.histogram.counts) - 1)
            hits = values[bins == index]
        else:
            return frozenset()
        workspace = self.document.workspace
        return frozenset(workspace.line(int(key)) for key in hits.index)

    def select_bin(self, name: str, index: int) -> None:
        """Show the examples behind one bar in the examples table."""
        self.filter_lines.emit(self.lines_in_bin(name, index))


def visible(counts: np.ndarray) -> np.ndarray:
    """Bar heights: every non-empty bar at least a sliver of the tallest."""
    heights = np.asarray(counts, dtype=float)
    if heights.size == 0:
        return heights
    least = heights.max() * SMALLEST_BAR
    return np.where(heights > 0, np.maximum(heights, least), 0.0)


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
