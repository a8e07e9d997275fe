"""Per-example metrics: every family's columns, gathered from the chunks into one table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curator.core.families.protocol import ChunkPart, Column, Family
from curator.core.model.columns import Columns


@dataclass
class Gathered:
    """Each family's chunk parts, and the line of every example, in file order."""

    lines: list[np.ndarray] = field(default_factory=list)
    parts: dict[str, list[ChunkPart]] = field(default_factory=dict)
    joined: dict[str, Any] = field(default_factory=dict)  # a family's payload for the file

    def add(self, numbers: np.ndarray, parts: dict[str, ChunkPart]) -> None:
        self.lines.append(numbers)
        for name, part in parts.items():
            self.parts.setdefault(name, []).append(part)

    def payloads(self, family: str) -> list[Any]:
        """The chunks' payloads, or the one a cluster joined for the whole file."""
        if family in self.joined:
            return [self.joined[family]]
        return [part.payload for part in self.parts.get(family, [])]


def frame_of(gathered: Gathered, families: Sequence[Family]) -> Columns:
    """One row per example, keyed by line, with every family's columns in family order."""
    lines = np.concatenate(gathered.lines) if gathered.lines else np.zeros(0, np.int64)
    data: dict[str, np.ndarray] = {}
    for family in families:
        chunks = gathered.parts.get(family.name, [])
        for column in family.columns:
            data[column.name] = _joined(column, [c.columns[column.name] for c in chunks],
                                        len(lines))
    return Columns(lines.astype(np.int64), data)


def _joined(column: Column, pieces: list[Any], rows: int) -> np.ndarray:
    if column.kind == "str":
        out = np.empty(rows, dtype=object)
        out[:] = [v for piece in pieces for v in piece] if pieces else column.default
        return out
    dtype = np.int64 if column.kind == "int" else np.float64
    if not pieces:
        return np.full(rows, column.default, dtype=dtype)
    return np.concatenate(pieces).astype(dtype, copy=False)
