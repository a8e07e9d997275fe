"""Training cost per model, OpenAI's default epochs rule, and the fine-tune break-even.

OpenAI bills ``billed tokens x epochs``, where an example's billed tokens are its tokens
capped at the model's per-example limit. When no epochs are given, OpenAI picks 3, moved
towards examples x epochs in [100, 25000] with epochs in [1, 25], using whole-number division
exactly as OpenAI's published data-preparation cookbook does (so 30 examples get 100 // 30 = 3
epochs, not 4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    cost: float  # dollars
    truncated: int  # examples over the limit


def estimate(totals: pd.Series | np.ndarray, target: Target, epochs: int | None = None
             ) -> CostEstimate:
    """Cost of training ``target`` on examples with these token totals (in its encoding)."""
    values = np.asarray(totals, dtype=np.int64)
    billed = int(np.minimum(values, target.token_limit).sum())
    n_epochs = epochs if epochs is not None else default_epochs(len(values))
    training = billed * n_epochs
    return CostEstimate(target, len(values), billed, n_epochs, training,
                        target.training_cost(training), int((values > target.token_limit).sum()))


@dataclass(frozen=True)
class BreakEven:
    """What dropping a long prompt after fine-tuning saves, and when training is repaid."""

    prompt_tokens: float
    requests_per_month: float
    input_per_1m: float
    monthly_saving: float
    training_cost: float

    @property
    def months_to_repay(self) -> float:
        return self.training_cost / self.monthly_saving if self.monthly_saving > 0 else math.inf


def break_even(training_cost: float, prompt_tokens: float, requests_per_month: float,
               input_per_1m: float) -> BreakEven:
    """Monthly saving = prompt tokens x requests per month x input price per token."""
    saving = prompt_tokens * requests_per_month * input_per_1m / 1e6
    return BreakEven(prompt_tokens, requests_per_month, input_per_1m, saving, training_cost)
