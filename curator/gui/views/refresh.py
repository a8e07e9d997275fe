"""Views redraw a moment after the data changes, and only while they are visible.

A dock behind another in a tab group is still ``isVisible()`` to Qt (only its visible region
is empty), and raising its tab sends no show event: :func:`follow` has the dock's own
``visibilityChanged`` bring its view up to date when its tab is raised.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget

from curator.gui.document import Document

DELAY_MS = 300


class Refresher(QObject):
    """Calls ``redraw`` after the document's findings change (typing coalesces), skipping
    views that are hidden until they are shown again."""

    def __init__(self, view: QWidget, document: Document, redraw: Callable[[], None]) -> None:
        super().__init__(view)
        self.view = view
        self.document = document
        self.redraw = redraw
        self.seen: tuple[int, int] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.now)
        document.checked.connect(self.timer.start)
        document.reset.connect(self.timer.start)
        document.loaded.connect(self.timer.start)

    def now(self, force: bool = False) -> None:
        """Redraw at once if the data changed since the last time (or ``force``)."""
        workspace = self.document.workspace
        state = (id(workspace), workspace.version)
        if not force and (state == self.seen or not self.visible()):
            return
        self.seen = state
        self.redraw()

    def visible(self) -> bool:
        """Whether any of the view shows (not a dock tab behind another)."""
        return self.view.isVisible() and not self.view.visibleRegion().isEmpty()

    def stale(self) -> None:
        """Redraw when next shown (now, if it shows): what it drew is out of date."""
        self.seen = None
        self.now()


def follow(dock: QDockWidget) -> None:
    """Bring the dock's view up to date whenever its tab is raised."""
    refresher = getattr(dock.widget(), "refresher", None)
    if isinstance(refresher, Refresher):
        dock.visibilityChanged.connect(lambda shown: refresher.now() if shown else None)
