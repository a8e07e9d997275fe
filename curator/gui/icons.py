"""Icons drawn at run time (no image files to ship or to lose).

A severity is told by shape as well as colour, so it reads without colour vision and in
high contrast: an error is a round badge with a cross, a warning a triangle with "!", an
info a square with "i", a clean row a tick, a row not yet checked an empty ring. Colours come
from the palette (:mod:`curator.gui.theme`); icons are made again when it changes.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from curator.core.api import Severity
from curator.gui import theme

SIZE = 16
UNCHECKED = "unchecked"  # a row the check has not reached yet
SEVERITY_WORDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info",
                  None: "clean", UNCHECKED: "not checked yet"}


def severity_icon(severity: Severity | str | None) -> QIcon:
    """The icon of a severity (None: clean; ``UNCHECKED``: not checked yet)."""
    colours = theme.palette()
    key = (colours.color(theme.Role.Base).rgba(), colours.color(theme.Role.Text).rgba(),
           theme.high_contrast())
    return _icon(severity, key)


@cache
def _icon(severity: Severity | str | None, _palette: tuple[int, int, bool]) -> QIcon:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        _draw(painter, severity)
    finally:  # a painter left open on a pixmap that goes away crashes Qt
        painter.end()
    return QIcon(pixmap)


def _draw(painter: QPainter, severity: Severity | str | None) -> None:
    if severity == UNCHECKED:
        colour = theme.mix(theme.palette().color(theme.Role.Base),
                           theme.palette().color(theme.Role.Text), 0.6)
        painter.setPen(QPen(colour, 1.5))
        painter.drawEllipse(QRectF(2.5, 2.5, SIZE - 5, SIZE - 5))
    else:
        fill = theme.severity_colour(severity if isinstance(severity, Severity) else None)
        _badge(painter, severity, fill)


def _badge(painter: QPainter, severity: Severity | str | None, fill: QColor) -> None:
    glyph = QColor("black") if theme.luminance(fill) > 0.4 else QColor("white")
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    if severity == Severity.WARNING:
        painter.drawPolygon(QPolygonF([QPointF(SIZE / 2, 1), QPointF(SIZE - 1, SIZE - 2),
                                       QPointF(1, SIZE - 2)]))
        _letter(painter, "!", glyph, QRectF(0, 4, SIZE, SIZE - 5))
    elif severity == Severity.INFO:
        painter.drawRoundedRect(QRectF(1.5, 1.5, SIZE - 3, SIZE - 3), 3, 3)
        _letter(painter, "i", glyph, QRectF(0, 0, SIZE, SIZE))
    elif severity == Severity.ERROR:
        painter.drawEllipse(QRectF(1, 1, SIZE - 2, SIZE - 2))
        painter.setPen(_pen(glyph, 2))
        painter.drawLine(QPointF(5, 5), QPointF(SIZE - 5, SIZE - 5))
        painter.drawLine(QPointF(SIZE - 5, 5), QPointF(5, SIZE - 5))
    else:  # clean: a tick
        path = QPainterPath(QPointF(2.5, SIZE / 2 + 0.5))
        path.lineTo(QPointF(6.5, SIZE - 3.5))
        path.lineTo(QPointF(SIZE - 2.5, 3.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(fill, 2.4))
        painter.drawPath(path)


def _pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _letter(painter: QPainter, text: str, colour: QColor, box: QRectF) -> None:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(SIZE - 5)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
