"""Undo commands: one ``QUndoCommand`` per change of the workspace.

Commands change the workspace only through its edit methods, which announce every change
themselves (the document passes them on to the views); a command never notifies anyone.
Typing in one field of one example merges into one step: consecutive ``SetRow`` commands
with the same merge key (row, field) fold together. Typing that ends where it began (a
character typed and deleted) is no step at all: the row gets its own line back, byte for
byte, and the step leaves the stack, so the file is not modified and not reformatted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from curator.core.api import Row, Workspace

MERGE_ID = 1001


class SetRow(QUndoCommand):
    """Replace one row's value (``raw`` None) or raw text (the Raw JSON tab)."""

    def __init__(self, workspace: Workspace, key: int, text: str,
                 value: dict[str, Any] | None = None, raw: bytes | None = None,
                 merge: str = "") -> None:
        super().__init__(text)
        self.workspace = workspace
        self.key = key
        self.value = value
        self.raw = raw
        self.merge = merge
        self.old: Row | None = None

    def redo(self) -> None:
        """Override QUndoCommand.redo."""
        index = self.workspace.position(self.key)
        if self.raw is not None:
            old = self.workspace.set_raw(index, self.raw)
        else:
            assert self.value is not None
            old = self.workspace.set_value(index, self.value)
        if self.old is None:
            self.old = old

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        assert self.old is not None
        self.workspace.put_row(self.workspace.position(self.key), self.old)

    def id(self) -> int:
        """Override QUndoCommand.id: only commands with a merge key merge."""
        return MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        """Override QUndoCommand.mergeWith: fold typing in the same field into one step."""
        if not isinstance(other, SetRow) or (other.key, other.merge) != (self.key, self.merge):
            return False
        self.value, self.raw = other.value, other.raw
        if self.old is not None and self.undoes_itself():
            self.workspace.put_row(self.workspace.position(self.key), self.old)
            self.setObsolete(True)  # QUndoStack drops it
        return True

    def undoes_itself(self) -> bool:
        """Whether the row now says what it said before this step."""
        old = self.old
        assert old is not None
        if self.raw is not None:
            return self.raw == old.raw
        return old.error is None and not old.blank and old.value == self.value


class InsertRows(QUndoCommand):
    """Insert rows at positions (in increasing order)."""

    def __init__(self, workspace: Workspace, text: str, rows: list[tuple[int, Row]]) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.rows = rows
        self.keys: list[int | None] = [None] * len(rows)

    def redo(self) -> None:
        """Override QUndoCommand.redo."""
        for i, (index, row) in enumerate(self.rows):
            self.keys[i] = self.workspace.insert(index, row, self.keys[i])

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        for index, _ in reversed(self.rows):
            self.workspace.remove(index)


class RemoveRows(QUndoCommand):
    """Delete rows by key (keep-one in a duplicate cluster deletes several in one step)."""

    def __init__(self, workspace: Workspace, text: str, keys: list[int]) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.keys = keys
        self.removed: list[tuple[int, Row, int]] = []

    def redo(self) -> None:
        """Override QUndoCommand.redo."""
        positions = sorted((self.workspace.position(k) for k in self.keys), reverse=True)
        self.removed = []
        for index in positions:
            row, key = self.workspace.remove(index)
            self.removed.append((index, row, key))

    def undo(self) -> None:
        """Override QUndoCommand.undo."""
        for index, row, key in reversed(self.removed):
            self.workspace.insert(index, row, key)
