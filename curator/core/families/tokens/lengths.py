"""Token-length findings: over the target's limit, far from the rest, near-empty replies.

The outlier rule is robust to skew: Tukey's far-out fences (3 x IQR) on the logarithm of each
example's token count, so one huge example cannot hide the others and typical long-tailed
length distributions do not flag their ordinary tail. It needs at least 20 examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from curator.core.model.codes import make
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding
from curator.core.model.targets import Target

MIN_EXAMPLES_FOR_OUTLIERS = 20
FENCE_IQRS = 3.0
NEAR_EMPTY_TOKENS = 2  # a trained text reply this short gets O003


@dataclass(frozen=True)
class Fences:
    low: float
    high: float


Counts = tuple[np.ndarray, np.ndarray]  # distinct token counts (> 0, ascending), how many


def length_counts(totals: np.ndarray | list[Any]) -> Counts:
    """How many examples have each token count above 0: what the fences are found from (a
    chunk's summary; a file's is the chunks' merged)."""
    totals = np.asarray(totals, dtype=np.int64)
    values, counts = np.unique(totals[totals > 0], return_counts=True)
    return values, counts.astype(np.int64)


def merged_counts(parts: Sequence[Counts]) -> Counts:
    """The counts of several chunks as one."""
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    values, where = np.unique(np.concatenate([v for v, _ in parts]), return_inverse=True)
    counts = np.bincount(where.reshape(-1), weights=np.concatenate([c for _, c in parts]),
                         minlength=len(values))
    return values, counts.astype(np.int64)


def fences(totals: np.ndarray) -> Fences | None:
    """Far-out fences on log token counts, in tokens; None when there are too few examples."""
    return fences_of(length_counts(totals))


def _quartile(logs: np.ndarray, ends: np.ndarray, n: int, q: float) -> float:
    """``np.percentile`` of the ``n`` sorted values that ``logs`` (each distinct value) and
    ``ends`` (the running count) describe, at ``q`` (0.25 or 0.75), computed as numpy's
    default (linear) method does: the two neighbours of the virtual index and numpy's
    interpolation (from the upper one when the weight is 0.5 or more). A test checks it
    equals ``np.percentile`` of the values themselves."""
    virtual = (n - 1) * q
    below = int(np.floor(virtual))
    gamma = virtual - below
    a = float(logs[np.searchsorted(ends, below, side="right")])
    b = float(logs[np.searchsorted(ends, min(below + 1, n - 1), side="right")])
    diff = b - a
    return b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma


def fences_of(counts: Counts) -> Fences | None:
    """:func:`fences` from the counts of each token count (:func:`length_counts`)."""
    values, times = counts
    n = int(times.sum())
    if n < MIN_EXAMPLES_FOR_OUTLIERS:
        return None
    logs = np.log(values.astype(float))
    ends = np.cumsum(times)
    q1, q3 = _quartile(logs, ends, n, 0.25), _quartile(logs, ends, n, 0.75)
    iqr = q3 - q1
    # exp(log(n)) is not always n (exp(log(56)) = 56.00000000000002): a hair of slack keeps a
    # file whose examples all have the same length from flagging every one of them
    return Fences(float(np.exp(q1 - FENCE_IQRS * iqr)) * (1 - 1e-9),
                  float(np.exp(q3 + FENCE_IQRS * iqr)) * (1 + 1e-9))


def over_limit(line: int, total: int, target: Target) -> Finding:
    return make("T001", line, (
        f"{total:,} tokens, over the {target.token_limit:,}-token limit of "
        f"{target.name}: it would be truncated or rejected; shorten it or split the "
        "conversation"), "messages")


def near_empty(line: int, tokens: int, at: int, chat: bool) -> Finding:
    return make("O003", line, (
        f"the assistant reply is near-empty ({tokens} token{'s' if tokens > 1 else ''}); a "
        "reply this short teaches little: write a full answer or set its weight to 0"),
        f"messages[{at}].content" if chat else "")


def outliers(columns: Columns, bounds: Fences, examples: int) -> list[Finding]:
    """Rows of ``columns`` outside the fences (computed over ``examples`` rows)."""
    out: list[Finding] = []
    rule = f"3 x IQR of log token counts over this file's {examples:,} examples"
    totals = columns["total"]
    flagged = (totals > bounds.high) | ((totals > 0) & (totals < bounds.low))
    for line, total in zip(columns.index[flagged].tolist(), totals[flagged].tolist(),
                           strict=True):
        if total > bounds.high:
            out.append(make("O001", int(line), (
                f"unusually long: {total:,} tokens, above the upper fence of "
                f"{bounds.high:,.0f} tokens ({rule}); check it is not two examples run "
                "together or a pasted document"), "messages"))
        else:
            out.append(make("O002", int(line), (
                f"unusually short: {total:,} tokens, below the lower fence of "
                f"{bounds.low:,.0f} tokens ({rule}); check it says enough to learn from"),
                "messages"))
    return out
