"""Per-example metrics as named numpy columns over the same rows, keyed by line.

Checks read columns (numpy, no import cost); views and statistics take a pandas DataFrame
of them (:meth:`Columns.to_pandas`), made on demand, so a small file is checked without
importing pandas at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


class Columns:
    """Columns of one row per example; ``index`` holds each row's key (its line number in a
    file check). Numbers are int64 or float64 arrays, texts object arrays. Read like a
    DataFrame: ``columns["total"]``, ``columns.index``, ``len(columns)`` rows."""

    def __init__(self, index: np.ndarray, data: dict[str, np.ndarray]) -> None:
        self.index = np.asarray(index, dtype=np.int64)
        self.data = data
        for name, values in data.items():
            if len(values) != len(self.index):
                raise ValueError(f"column {name} has {len(values)} rows, not {len(self.index)}")

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __contains__(self, name: object) -> bool:
        return name in self.data

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.index)

    @property
    def names(self) -> list[str]:
        return list(self.data)

    def where(self, mask: np.ndarray) -> Columns:
        """The rows where ``mask`` is true."""
        return Columns(self.index[mask], {k: v[mask] for k, v in self.data.items()})

    def first(self) -> dict[str, Any]:
        """The first row's values as Python numbers and texts."""
        return {name: values[0].item() if hasattr(values[0], "item") else values[0]
                for name, values in self.data.items()}

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame of the columns, indexed by key, with the key also as column ``line``."""
        import pandas as pd

        frame = pd.DataFrame({"line": self.index, **self.data})
        return frame.set_index("line", drop=False)


def empty_columns() -> Columns:
    return Columns(np.zeros(0, dtype=np.int64), {})
