"""Icons drawn at run time (no image files to ship or to lose)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from curator.core.api import Severity

COLORS = {Severity.ERROR: "#d32f2f", Severity.WARNING: "#f9a825", Severity.INFO: "#1976d2",
          None: "#43a047"}


@cache
def severity_icon(severity: Severity | None) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(COLORS[severity]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)
