"""The pii family's conclusion: where every sensitive value is, kept current under edits,
and the placeholder numbers of a masked export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from curator.core.families.pii.mask import Book, Span
from curator.core.families.protocol import Conclusion, RowResult

Entry = tuple[tuple[Span, ...], dict[str, int]]  # one example's spans and marks
Payload = tuple[int, dict[int, Entry]]  # a chunk's examples, and the entries by index


class PiiState(Conclusion):
    """Spans by row key (rows with none are left out), and the placeholders rows hold."""

    def __init__(self, lines: Sequence[int], payloads: Iterable[Payload | None]) -> None:
        self.spans: dict[int, tuple[Span, ...]] = {}
        self.marks: dict[int, dict[str, int]] = {}
        first = 0  # the chunk's first example, in ``lines``
        for payload in payloads:
            if payload is None:
                continue
            examples, entries = payload
            for index, entry in entries.items():
                self._put(lines[first + index], entry)
            first += examples
        self._books: dict[frozenset[str], Book] = {}

    def _put(self, key: int, entry: Entry) -> None:
        spans, marks = entry
        if spans:
            self.spans[key] = spans
        if marks:
            self.marks[key] = marks

    def update(self, key: int, row: RowResult | None) -> None:
        self.spans.pop(key, None)
        self.marks.pop(key, None)
        self._books.clear()
        if row is not None and row.payload:
            for entry in row.payload[1].values():
                self._put(key, entry)

    def keys_with(self, kind: str) -> list[int]:
        """The rows that hold a value of ``kind``."""
        return [key for key, spans in self.spans.items() if any(s.kind == kind for s in spans)]

    def spans_of(self, key: int, kinds: frozenset[str]) -> list[Span]:
        return [s for s in self.spans.get(key, ()) if s.kind in kinds]

    def taken(self) -> dict[str, int]:
        """The highest placeholder number of each kind the file already holds."""
        out: dict[str, int] = {}
        for marks in self.marks.values():
            for kind, number in marks.items():
                out[kind] = max(out.get(kind, 0), number)
        return out

    def book(self, kinds: frozenset[str]) -> Book:
        """Placeholder numbers for a masking of ``kinds``: file order, after those taken."""
        book = self._books.get(kinds)
        if book is None:
            book = self._books[kinds] = Book(self.taken())
            for key in sorted(self.spans):
                book.note(self.spans_of(key, kinds))
        return book

    def notes(self, lines: Sequence[int], kinds: frozenset[str]) -> dict[str, Any]:
        """What masking ``lines`` replaces: masks by kind, and the lines touched."""
        counts: dict[str, int] = {}
        touched = []
        for line in lines:
            spans = self.spans_of(line, kinds)
            if spans:
                touched.append(line)
                for span in spans:
                    counts[span.kind] = counts.get(span.kind, 0) + 1
        return {"masked": dict(sorted(counts.items())), "lines": sorted(touched)}
