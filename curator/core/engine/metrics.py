"""Per-example metrics: every family's columns, gathered from the chunks into one table.

The chunks' columns are copied, as each chunk arrives, into one array per column that grows
by doubling (its unused tail is allocated but never written, so it takes no memory), and the
chunk's own arrays are let go: the table is held once, not once in pieces and again joined.
Texts (a language code per example) are kept as one shared string per distinct value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curator.core.families.protocol import ChunkPart, Column, Family
from curator.core.model.columns import Columns

FIRST_ROWS = 1 << 12  # a growing column's first capacity


class Growing:
    """One column's values, chunk after chunk: numbers in one array, texts in one list."""

    def __init__(self) -> None:
        self.array: np.ndarray | None = None
        self.size = 0
        self.texts: list[Any] | None = None
        self._shared: dict[Any, Any] = {}

    def extend(self, piece: np.ndarray | list[Any]) -> None:
        if self.texts is None and (isinstance(piece, np.ndarray) or self.array is not None):
            self._numbers(np.asarray(piece))
            return
        shared = self._shared
        if self.texts is None:
            self.texts = []
        self.texts.extend([shared.setdefault(v, v) for v in piece])  # one object per value

    def _numbers(self, piece: np.ndarray) -> None:
        need = self.size + len(piece)
        if self.array is None or need > len(self.array):
            grown = np.empty(max(need, 2 * self.size, FIRST_ROWS), dtype=piece.dtype
                             if self.array is None else self.array.dtype)
            if self.array is not None:
                grown[:self.size] = self.array[:self.size]
            self.array = grown
        self.array[self.size:need] = piece
        self.size = need

    def values(self) -> np.ndarray | list[Any]:
        if self.texts is not None:
            return self.texts
        if self.array is None:
            return np.zeros(0, dtype=np.int64)
        return self.array[:self.size]


@dataclass
class Gathered:
    """Each family's columns, payloads and summaries from the chunks, and the line of every
    example, in file order."""

    lines: Growing = field(default_factory=Growing)
    columns: dict[str, dict[str, Growing]] = field(default_factory=dict)  # family -> name ->
    chunk_payloads: dict[str, list[Any]] = field(default_factory=dict)  # by family
    chunk_summaries: dict[str, list[Any]] = field(default_factory=dict)  # by family
    joined: dict[str, Any] = field(default_factory=dict)  # a family's payload for the file

    def add(self, numbers: np.ndarray, parts: dict[str, ChunkPart]) -> None:
        self.lines.extend(numbers)
        for name, part in parts.items():
            mine = self.columns.setdefault(name, {})
            for column, piece in part.columns.items():
                mine.setdefault(column, Growing()).extend(piece)
            self.chunk_payloads.setdefault(name, []).append(part.payload)
            if part.summary is not None:
                self.chunk_summaries.setdefault(name, []).append(part.summary)

    def payloads(self, family: str) -> list[Any]:
        """The chunks' payloads, or the one a cluster joined for the whole file."""
        if family in self.joined:
            return [self.joined[family]]
        return list(self.chunk_payloads.get(family, []))

    def summaries(self, family: str) -> list[Any]:
        """The chunks' summaries (those that made one), in file order."""
        return list(self.chunk_summaries.get(family, []))


def frame_of(gathered: Gathered, families: Sequence[Family]) -> Columns:
    """One row per example, keyed by line, with every family's columns in family order."""
    lines = np.asarray(gathered.lines.values(), dtype=np.int64)
    data: dict[str, np.ndarray] = {}
    for family in families:
        mine = gathered.columns.get(family.name, {})
        for column in family.columns:
            got = mine.get(column.name)
            data[column.name] = _column(column, got.values() if got else None, len(lines))
    return Columns(lines, data)


def _column(column: Column, values: np.ndarray | list[Any] | None, rows: int) -> np.ndarray:
    if column.kind == "str":
        out = np.empty(rows, dtype=object)
        out[:] = values if values is not None else column.default
        return out
    dtype = np.int64 if column.kind == "int" else np.float64
    if values is None:
        return np.full(rows, column.default, dtype=dtype)
    return np.asarray(values, dtype=dtype)
