"""Per-example metrics, collected as columns while rows are checked, then one DataFrame."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from curator.core.tokens import COLUMNS, ExampleTokens

INT_COLUMNS = ("line", "total", "trained", "messages", *COLUMNS, "shortest_reply",
               "shortest_reply_at", "exact", "prompt", "answer")


@dataclass
class MetricsColumns:
    """Columns of per-example numbers; one entry per parsed example, in file order."""

    columns: dict[str, array[int]] = field(
        default_factory=lambda: {name: array("q") for name in INT_COLUMNS}
    )
    lang: list[str] = field(default_factory=list)
    lang_score: array[float] = field(default_factory=lambda: array("d"))

    def __len__(self) -> int:
        return len(self.columns["line"])

    def add(self, line: int, tokens: ExampleTokens, fingerprints: tuple[int, int, int] = (0, 0, 0),
            language: tuple[str, float] = ("", 0.0)) -> None:
        c = self.columns
        c["exact"].append(fingerprints[0])
        c["prompt"].append(fingerprints[1])
        c["answer"].append(fingerprints[2])
        self.lang.append(language[0])
        self.lang_score.append(language[1])
        c["line"].append(line)
        c["total"].append(tokens.total)
        c["trained"].append(tokens.trained)
        c["messages"].append(tokens.messages)
        by_role = tokens.by_role
        for role in COLUMNS:
            c[role].append(by_role.get(role, 0))
        c["shortest_reply"].append(tokens.shortest_reply)
        c["shortest_reply_at"].append(tokens.shortest_reply_at)

    def extend(self, other: MetricsColumns, line_offset: int) -> None:
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
        frame = pd.DataFrame({name: pd.array(values, dtype="int64")
                              for name, values in self.columns.items()})
        frame["lang"] = pd.array(self.lang, dtype=object)
        frame["lang_score"] = pd.array(self.lang_score, dtype="float64")
        return frame.set_index("line", drop=False)
