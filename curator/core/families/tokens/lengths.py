"""Token-length findings: over the target's limit, far from the rest, near-empty replies.

The outlier rule is robust to skew: Tukey's far-out fences (3 x IQR) on the logarithm of each
example's token count, so one huge example cannot hide the others and typical long-tailed
length distributions do not flag their ordinary tail. It needs at least 20 examples.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def fences(totals: np.ndarray) -> Fences | None:
    """Far-out fences on log token counts, in tokens; None when there are too few examples."""
    totals = np.asarray(totals)
    values = totals[totals > 0].astype(float)
    if len(values) < MIN_EXAMPLES_FOR_OUTLIERS:
        return None
    logs = np.log(values)
    q1, q3 = np.percentile(logs, [25, 75])
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
