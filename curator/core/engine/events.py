"""Change events the core emits itself (napari's pattern): views subscribe to them, instead
of handing callbacks down to the core or trusting every caller to notify."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """Callbacks connected to one kind of change; ``emit`` calls each with the value."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []

    def connect(self, callback: Callable[[T], object]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], object]) -> None:
        self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            callback(value)


class WorkspaceEvents:
    """What a workspace tells its views: a row's content changed (its key), rows were
    inserted or removed (their count), the findings changed (the new version)."""

    def __init__(self) -> None:
        self.row_changed: Event[int] = Event()
        self.rows_moved: Event[int] = Event()
        self.checked: Event[int] = Event()
