"""Distributions of token counts and message counts, and histogram data for the views."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from curator.core.families.tokens.counter import COLUMNS

HISTOGRAM_BINS = 20


@dataclass(frozen=True)
class Distribution:
    count: int
    min: float
    max: float
    mean: float
    median: float
    p5: float
    p95: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def describe(values: pd.Series | np.ndarray) -> Distribution:
    """Exact statistics (percentiles by linear interpolation between order statistics)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Distribution(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    p5, median, p95 = np.percentile(data, [5, 50, 95])
    return Distribution(int(data.size), float(data.min()), float(data.max()),
                        float(data.mean()), float(median), float(p5), float(p95))


def summarize(frame: pd.DataFrame) -> dict[str, Distribution]:
    """Per-example totals, trained tokens, tokens per role (over examples that have the role)
    and messages per example."""
    out = {"total": describe(frame["total"]), "trained": describe(frame["trained"])}
    for role in COLUMNS:
        present = frame[role][frame[role] > 0]
        if len(present):
            out[role] = describe(present)
    out["messages"] = describe(frame["messages"])
    return out


@dataclass(frozen=True)
class Histogram:
    """``counts[i]`` examples have a value in ``[edges[i], edges[i + 1])`` (last bin closed)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]

    def bin_of(self, value: float) -> int:
        index = int(np.searchsorted(self.edges, value, side="right")) - 1
        return min(max(index, 0), len(self.counts) - 1)


def histogram(values: pd.Series | np.ndarray, bins: int = HISTOGRAM_BINS) -> Histogram:
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Histogram((0.0, 1.0), (0,))
    low, high = float(data.min()), float(data.max())
    if low == high:
        high = low + 1
    counts, edges = np.histogram(data, bins=bins, range=(low, high))
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts))


def integer_histogram(values: pd.Series | np.ndarray, most: int = 40) -> Histogram:
    """One bin per whole number (counts such as messages per example), centred on it; wider
    bins of whole numbers when the range is larger than ``most``."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Histogram((0.0, 1.0), (0,))
    low, high = int(data.min()), int(data.max())
    width = max(1, -(-(high - low + 1) // most))
    edges = np.arange(low, high + width + 1, width, dtype=float) - 0.5
    counts, _ = np.histogram(data, bins=edges)
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts))
