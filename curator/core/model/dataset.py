"""Dataset and Row: the rows of one file in file order, losslessly.

A row keeps its raw bytes and line terminator, its parsed value or its parse error, and
whether it was edited. Saving writes untouched rows back byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.core.model.jsonl import (
    BLANK,
    BOM,
    LineReader,
    ParseError,
    dump_value,
    parse_line,
    write_atomic,
)


@dataclass(slots=True)
class Row:
    """One physical line: its bytes, and what they parse to."""

    raw: bytes
    eol: bytes = b"\n"
    value: dict[str, Any] | None = None
    error: ParseError | None = None
    blank: bool = False
    edited: bool = False
    origin: int | None = None  # line number in the file as it was opened; None if added

    @classmethod
    def from_bytes(cls, raw: bytes, eol: bytes = b"\n", origin: int | None = None) -> Row:
        value, error = parse_line(raw)
        if error is BLANK:
            return cls(raw, eol, blank=True, origin=origin)
        return cls(raw, eol, value, error, origin=origin)

    @classmethod
    def copy_of(cls, row: Row) -> Row:
        """A new row with the same bytes, counted as added (not a line of the file)."""
        copy = cls.from_bytes(row.raw, row.eol)
        copy.edited = True
        return copy

    @classmethod
    def from_value(cls, value: dict[str, Any], eol: bytes = b"\n") -> Row:
        return cls(dump_value(value), eol, value, None, edited=True)

    @property
    def is_example(self) -> bool:
        """Blank lines are kept but are not examples."""
        return not self.blank


@dataclass
class Dataset:
    """All rows of one JSONL file, in file order; row ``i`` is physical line ``i + 1``."""

    rows: list[Row] = field(default_factory=list)
    path: Path | None = None
    bom: bool = False

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Dataset:
        with Path(path).open("rb") as stream:
            reader = LineReader(stream)
            rows = [Row.from_bytes(line.data, line.eol, line.number) for line in reader]
            return cls(rows, Path(path), reader.bom)

    @classmethod
    def from_bytes(cls, data: bytes) -> Dataset:
        import io

        reader = LineReader(io.BytesIO(data))
        rows = [Row.from_bytes(line.data, line.eol, line.number) for line in reader]
        return cls(rows, None, reader.bom)

    @classmethod
    def stream(cls, path: str | os.PathLike[str], batch: int = 2000
               ) -> Generator[tuple[Dataset, int], None, None]:
        """Open in batches: yields the growing dataset and how many rows the batch added.

        The app shows the first rows while the rest of a large file is still being read.
        """
        dataset = cls([], Path(path))
        with Path(path).open("rb") as stream:
            reader = LineReader(stream)
            pending: list[Row] = []
            for line in reader:
                pending.append(Row.from_bytes(line.data, line.eol, line.number))
                if len(pending) >= batch:
                    dataset.bom = reader.bom
                    dataset.rows.extend(pending)
                    yield dataset, len(pending)
                    pending = []
            dataset.bom = reader.bom
            dataset.rows.extend(pending)
            yield dataset, len(pending)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    @property
    def examples(self) -> int:
        return sum(1 for row in self.rows if row.is_example)

    @property
    def modified(self) -> bool:
        return any(row.edited for row in self.rows) or any(
            row.origin != i + 1 for i, row in enumerate(self.rows)
        )

    def _default_eol(self) -> bytes:
        for row in self.rows:
            if row.eol:
                return row.eol
        return b"\n"

    def set_value(self, index: int, value: dict[str, Any]) -> Row:
        """Replace row ``index`` with an edited value; returns the old row."""
        old = self.rows[index]
        self.rows[index] = Row(dump_value(value), old.eol or b"", value, None, edited=True,
                               origin=old.origin)
        return old

    def set_raw(self, index: int, raw: bytes) -> Row:
        """Replace row ``index`` with raw text (it may be invalid JSON); returns the old row."""
        old = self.rows[index]
        new = Row.from_bytes(raw, old.eol, old.origin)
        new.edited = True
        self.rows[index] = new
        return old

    def put_row(self, index: int, row: Row) -> None:
        """Put ``row`` back at ``index`` (undo of :meth:`set_value` / :meth:`set_raw`)."""
        self.rows[index] = row

    def insert(self, index: int, row: Row) -> None:
        self._terminate_last()
        if not row.eol and index < len(self.rows):
            row.eol = self._default_eol()
        self.rows.insert(index, row)

    def remove(self, index: int) -> Row:
        return self.rows.pop(index)

    def _terminate_last(self) -> None:
        if self.rows and not self.rows[-1].eol:
            self.rows[-1].eol = self._default_eol()

    def iter_bytes(self) -> Iterator[bytes]:
        """The file's bytes: untouched rows exactly as read."""
        if self.bom:
            yield BOM
        last = len(self.rows) - 1
        for i, row in enumerate(self.rows):
            yield row.raw
            eol = row.eol
            if not eol and i != last:
                eol = self._default_eol()
            yield eol

    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        """Write atomically to ``path`` (default: where it was opened); rows become pristine."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("this dataset has no file yet; give a path to save it to")
        write_atomic(target, self.iter_bytes())
        self.path = target
        for i, row in enumerate(self.rows):
            row.edited = False
            row.origin = i + 1
