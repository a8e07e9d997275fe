"""Training cost per model from a file's token counts, and OpenAI's default epochs rule.

OpenAI bills ``billed tokens x epochs``, where an example's billed tokens are its tokens
capped at the model's per-example limit. When no epochs are given, OpenAI picks 3, moved
towards examples x epochs in [100, 25000] with epochs in [1, 25], using whole-number division
exactly as OpenAI's published data-preparation cookbook does (so 30 examples get 100 // 30 = 3
epochs, not 4). What a job costs is ``training.training_cost``: per token, or GPU time as a
range. Whether fine-tuning pays for itself is ``breakeven``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from curator.core.analysis.training import TrainingCost, training_cost
from curator.core.model.targets import Target

DEFAULT_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_EPOCHS = 1
MAX_EPOCHS = 25


def default_epochs(examples: int) -> int:
    """OpenAI's default number of epochs for a file of ``examples`` examples."""
    if examples <= 0:
        return DEFAULT_EPOCHS
    epochs = DEFAULT_EPOCHS
    if examples * epochs < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_EPOCHS, MIN_TARGET_EXAMPLES // examples)
    elif examples * epochs > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_EPOCHS, MAX_TARGET_EXAMPLES // examples)
    return epochs


@dataclass(frozen=True)
class CostEstimate:
    target: Target
    examples: int
    billed_tokens: int  # sum over examples of min(tokens, limit)
    epochs: int
    training_tokens: int  # billed tokens x epochs
    cost: TrainingCost  # dollars, low and high
    truncated: int  # examples over the limit


def estimate(totals: pd.Series | np.ndarray, target: Target, epochs: int | None = None
             ) -> CostEstimate:
    """Cost of training ``target`` on examples with these token totals (in its encoding)."""
    values = np.asarray(totals, dtype=np.int64)
    billed = int(np.minimum(values, target.token_limit).sum())
    n_epochs = epochs if epochs is not None else default_epochs(len(values))
    training = billed * n_epochs
    return CostEstimate(target, len(values), billed, n_epochs, training,
                        training_cost(target.training, training, target.method),
                        int((values > target.token_limit).sum()))


def dollars(low: float, high: float | None = None) -> str:
    """``$1,234.56``, or a range ``$0.35–0.61`` when ``high`` differs from ``low``."""
    if high is None or f"{low:,.2f}" == f"{high:,.2f}":
        return f"${low:,.2f}"
    return f"${low:,.2f}–{high:,.2f}"
