"""Per-example metrics, collected while rows are checked, then one DataFrame."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from curator.core.families.tokens.counter import COLUMNS, ExampleTokens

INT_COLUMNS = ("line", "total", "trained", "messages", *COLUMNS, "shortest_reply",
               "shortest_reply_at", "exact", "prompt", "answer")


@dataclass
class MetricsColumns:
    """Columns of per-example numbers; one entry per parsed example, in file order.

    Rows arrive as one tuple each (one append per example, not one per column) and become
    columns in bulk, before the object is pickled, merged or turned into a frame.
    """

    columns: dict[str, array[int]] = field(
        default_factory=lambda: {name: array("q") for name in INT_COLUMNS}
    )
    lang: list[str] = field(default_factory=list)
    lang_score: array[float] = field(default_factory=lambda: array("d"))
    pending: list[tuple[int, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns["line"]) + len(self.pending)

    def add(self, line: int, tokens: ExampleTokens, fingerprints: tuple[int, int, int] = (0, 0, 0),
            language: tuple[str, float] = ("", 0.0)) -> None:
        self.pending.append((line, tokens.total, tokens.trained, tokens.messages, *tokens.roles,
                             tokens.shortest_reply, tokens.shortest_reply_at, *fingerprints))
        self.lang.append(language[0])
        self.lang_score.append(language[1])

    def flush(self) -> None:
        """Move the pending rows into the columns."""
        if not self.pending:
            return
        block = np.array(self.pending, dtype=np.int64).T
        for name, values in zip(INT_COLUMNS, block, strict=True):
            self.columns[name].frombytes(np.ascontiguousarray(values).tobytes())
        self.pending = []

    def __getstate__(self) -> dict[str, Any]:
        self.flush()
        return self.__dict__

    def extend(self, other: MetricsColumns, line_offset: int) -> None:
        other.flush()
        self.flush()
        for name, values in other.columns.items():
            if name == "line" and line_offset:
                shifted = np.frombuffer(values, dtype=np.int64) + line_offset
                self.columns[name].frombytes(shifted.tobytes())
            else:
                self.columns[name].extend(values)
        self.lang.extend(other.lang)
        self.lang_score.extend(other.lang_score)

    def frame(self) -> pd.DataFrame:
        """One row per example, indexed by line number."""
        self.flush()
        frame = pd.DataFrame({name: pd.array(values, dtype="int64")
                              for name, values in self.columns.items()})
        frame["lang"] = pd.array(self.lang, dtype=object)
        frame["lang_score"] = pd.array(self.lang_score, dtype="float64")
        return frame.set_index("line", drop=False)
