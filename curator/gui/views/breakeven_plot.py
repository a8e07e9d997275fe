"""Cumulative cost over the next months: the prompted base model against training plus the
fine-tuned model, with a marker where the lines cross (training repaid).

Colours come from the widget's palette (base, text, highlight), so the plot reads in a dark
theme as in a light one, and follows a change of theme.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from curator.core.api import (
    BreakEven,
    months,
)

Role = QPalette.ColorRole


class CumulativePlot(pg.PlotWidget):  # type: ignore[misc]
    def __init__(self, parent: QWidget | None = None) -> None:
        self._ready = False  # pyqtgraph changes the palette while it builds the widget
        super().__init__(parent=parent)
        self.setObjectName("break-even-plot")
        self.setAccessibleName("Cumulative cost over the next months")
        self.setToolTip("What each option has cost after each month; the dotted line marks "
                        "where training is repaid")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setLabel("bottom", "months from now")
        self.setLabel("left", "dollars spent")
        self.legend = self.addLegend(offset=(8, 8))
        self.shown: BreakEven | None = None
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.crossings: list[pg.InfiniteLine] = []
        self.note = ""  # what the crossing means, shown as the title
        self._ready = True
        self._colour()

    # -- colours ---------------------------------------------------------------------------

    def _role(self, role: Role, alpha: int = 255) -> QColor:
        colour = QColor(self.palette().color(role))
        colour.setAlpha(alpha)
        return colour

    def _colour(self) -> None:
        text = self._role(Role.Text)
        self.setBackground(self._role(Role.Base))
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        self.legend.setLabelTextColor(text)
        self.setTitle(self.note, color=text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Override QWidget.changeEvent: redraw in the new colours when the theme changes."""
        super().changeEvent(event)
        if self._ready and event.type() == QEvent.Type.PaletteChange:
            self._colour()
            self.show_break_even(self.shown)

    # -- drawing ---------------------------------------------------------------------------

    def show_break_even(self, be: BreakEven | None) -> None:
        self.shown = be
        self.clear()
        self.legend.clear()
        self.lines, self.crossings = {}, []
        if be is None:
            self._title("")
            return
        horizon = be.workload.horizon_months
        x = [0.0, horizon]
        prompted, low, high = zip(*(be.cumulative(m) for m in x), strict=True)
        self.lines["prompted"] = self.plot(
            x, list(prompted), name="base model + prompt",
            pen=pg.mkPen(self._role(Role.Text), width=2, style=Qt.PenStyle.DashLine))
        tuned = pg.mkPen(self._role(Role.Highlight), width=3)
        self.lines["fine-tuned"] = self.plot(x, list(low), name="training + fine-tuned",
                                             pen=tuned)
        if not be.training.exact:
            self.lines["fine-tuned high"] = self.plot(x, list(high), pen=tuned)
            self.addItem(pg.FillBetweenItem(self.lines["fine-tuned"],
                                            self.lines["fine-tuned high"],
                                            brush=self._role(Role.Highlight, 60)))
        self._mark_crossing(be, horizon)

    def _mark_crossing(self, be: BreakEven, horizon: float) -> None:
        first, last = be.months_to_repay
        pen = pg.mkPen(self._role(Role.Text, 160), width=1, style=Qt.PenStyle.DotLine)
        for month in sorted({first, last}):
            if month <= horizon:
                line = pg.InfiniteLine(pos=month, angle=90, pen=pen)
                self.addItem(line)
                self.crossings.append(line)
        if self.crossings:
            self._title(f"Training repaid after {months(be)}")
        elif be.never_pays:
            self._title("No crossing: fine-tuning never pays")
        else:
            self._title(f"No crossing within {horizon:g} months")

    def _title(self, text: str) -> None:
        self.note = text
        self.setTitle(text, color=self._role(Role.Text))
