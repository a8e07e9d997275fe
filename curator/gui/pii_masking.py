"""Masking personal data and secrets in the app: one value, or every value of its kind in
the file, each as one undo step through the document's edits.

Placeholders are numbered as an export numbers them (``[EMAIL_3]``): a value gets the next
number of its kind after those the file already holds, and keeps it for as long as the file
is open, so the same address is the same placeholder wherever it is masked.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from curator.core.api import (
    PII_KINDS,
    Finding,
    PiiState,
    PlaceholderBook,
    Workspace,
    mask_value,
)
from curator.gui.document import Document

KIND_NAMES = {"secret": "secrets", "email": "email addresses", "phone": "phone numbers",
              "card": "card numbers", "iban": "IBANs", "ip": "IP addresses"}


class PiiMasker(QObject):
    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._book: PlaceholderBook | None = None
        self._workspace: Workspace | None = None  # the one the book numbers

    def _state(self) -> PiiState | None:
        state = self.document.workspace.conclusion("pii")
        return state if isinstance(state, PiiState) else None

    def _book_now(self, state: PiiState) -> PlaceholderBook:
        workspace = self.document.workspace
        if self._book is None or self._workspace is not workspace:
            self._book, self._workspace = PlaceholderBook(state.taken()), workspace
        return self._book

    def can_mask(self, finding: Finding | None) -> bool:
        return (finding is not None and finding.code in PII_KINDS and finding.span is not None
                and self._state() is not None)

    def mask(self, finding: Finding) -> bool:
        """Replace the value ``finding`` points at (one undo step)."""
        state = self._state()
        workspace = self.document.workspace
        if state is None or not 0 < finding.line <= len(workspace):
            return False
        key = workspace.keys[finding.line - 1]
        kind = PII_KINDS[finding.code]
        spans = [s for s in state.spans_of(key, frozenset({kind}))
                 if s.path == finding.path and (s.start, s.end) == finding.span]
        value = workspace.row(key).value
        if not spans or value is None:
            return False
        masked, _ = mask_value(value, spans, self._book_now(state))
        self.document.edit_value(key, masked, f"Mask {kind} on line {finding.line}")
        return True

    def mask_all(self, code: str) -> int:
        """Replace every value of ``code``'s kind in the file, as one undo step; returns how
        many rows changed."""
        state = self._state()
        if state is None or code not in PII_KINDS:
            return 0
        kind = PII_KINDS[code]
        workspace = self.document.workspace
        keys = sorted((k for k in state.keys_with(kind) if k in workspace),
                      key=workspace.position)
        book = self._book_now(state)
        edits = []
        for key in keys:  # numbered in file order, before any edit changes the spans
            value = workspace.row(key).value
            if value is not None:
                edits.append((key, mask_value(value, state.spans_of(key, frozenset({kind})),
                                              book)[0]))
        if not edits:
            return 0
        with self.document.one_step(f"Mask all {KIND_NAMES[kind]} ({len(edits):,} lines)"):
            for key, masked in edits:
                self.document.edit_value(key, masked, f"Mask {kind}")
        return len(edits)
