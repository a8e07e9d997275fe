"""Rows as the app reads them: their bytes, with the parsed value made again when asked.

A parsed chat example holds about four times its bytes in Python objects (dicts, lists,
strings), so a 100k-example file would keep some 400 MB of values the app looks at one
screenful at a time. A :class:`LazyRow` keeps its bytes and whether they parse; its ``value``
is parsed again on each use (orjson: a few microseconds for a chat example). A row the person
edits becomes an ordinary :class:`Row` (the dataset replaces it), and saving writes an
untouched row's bytes as they were.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from curator.core.api import Row, iter_lines, parse_line

BOM = b"\xef\xbb\xbf"
_VALUE: Any = Row.__dict__["value"]  # the slot the dataclass made (shadowed below)


class LazyRow(Row):
    """A row read from a file: ``value`` is parsed from ``raw`` when asked for."""

    __slots__ = ()

    @property
    def value(self) -> dict[str, Any] | None:
        """The parsed object (None when the line is not one: see ``error`` and ``blank``)."""
        kept = _VALUE.__get__(self)
        if kept is not None or self.error is not None or self.blank:
            return kept  # type: ignore[no-any-return]
        parsed, _ = parse_line(self.raw)
        return parsed  # type: ignore[no-any-return]

    @value.setter
    def value(self, value: dict[str, Any] | None) -> None:
        _VALUE.__set__(self, value)

    def forget(self) -> None:
        """Drop the parsed value it holds for now (it is made again when asked for)."""
        _VALUE.__set__(self, None)


def read_rows(path: Path, batch: int) -> Generator[tuple[list[Row], bool], None, None]:
    """The rows of ``path`` in batches, with whether the file starts with a byte order mark.
    Each row holds its value until :meth:`LazyRow.forget` (the table takes what it shows
    from it first, so nothing is parsed twice)."""
    with path.open("rb") as stream:
        bom = stream.read(len(BOM)) == BOM
    rows: list[Row] = []  # each a LazyRow
    for line in iter_lines(path):
        value, error = parse_line(line.data)
        blank = error is not None and error.kind == "blank"
        rows.append(LazyRow(line.data, line.eol, value, None if blank else error, blank,
                            origin=line.number))
        if len(rows) >= batch:
            yield rows, bom
            rows = []
    yield rows, bom
