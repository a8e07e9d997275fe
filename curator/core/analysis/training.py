"""What one training job costs: per trained token, or GPU time as a low-high range.

OpenAI bills trained tokens (billed tokens x epochs) at a price per 1M. An open model trained
on a rented GPU is billed for the whole job, not only the seconds of training:

    seconds = fixed minutes x 60 + training tokens / throughput, rounded up to the billing unit
    cost    = seconds / 3600 x the GPU's hourly price

The low end takes the fast GPU, the short fixed time and the low price; the high end the
slow, long and dear ones. The fixed time is the start of the pod, the download and load of
the model (16 GB for an 8B model in bf16), evaluation and checkpoints. One job is one run:
a retry or a hyperparameter search pays again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from curator.core.model.prices import Training


@dataclass(frozen=True)
class TrainingCost:
    """Dollars for one job, low and high (equal when the price is per token), and the
    assumptions behind them in words."""

    low: float
    high: float
    assumptions: tuple[str, ...]

    @property
    def exact(self) -> bool:
        return self.low == self.high


def job_seconds(tokens: float, throughput: float, fixed_minutes: float, unit: float) -> float:
    """Billed seconds of one job: fixed time plus training time, rounded up to ``unit``."""
    seconds = fixed_minutes * 60 + tokens / throughput
    return math.ceil(seconds / unit - 1e-9) * unit


def _billing(unit: float) -> str:
    if unit == 1:
        return "billed per second"
    if unit == 60:
        return "billed per started minute"
    if unit == 3600:
        return "billed by the started hour"
    return f"billed in units of {unit:g} s"


def training_cost(training: Training, tokens: int, method: str = "") -> TrainingCost:
    """The cost of training on ``tokens`` (billed tokens x epochs) once."""
    if training.per_1m is not None:
        cost = tokens / 1e6 * training.per_1m
        return TrainingCost(cost, cost, (
            f"{tokens:,} training tokens x ${training.per_1m:.2f} per 1M",))
    t = training
    assert t.throughput_low and t.throughput_high and t.billing_unit_s  # by validation
    assert t.fixed_minutes_low is not None and t.fixed_minutes_high is not None
    assert t.gpu_hourly_low is not None and t.gpu_hourly_high is not None
    fast = job_seconds(tokens, t.throughput_high, t.fixed_minutes_low, t.billing_unit_s)
    slow = job_seconds(tokens, t.throughput_low, t.fixed_minutes_high, t.billing_unit_s)
    low, high = fast / 3600 * t.gpu_hourly_low, slow / 3600 * t.gpu_hourly_high
    on = f" ({method})" if method else ""
    return TrainingCost(low, high, (
        f"{tokens:,} training tokens at {t.throughput_low:,.0f}–{t.throughput_high:,.0f} "
        f"tokens/s{on}",
        f"{t.fixed_minutes_low:g}–{t.fixed_minutes_high:g} fixed minutes per job (start, "
        "download and load of the model, evaluation, checkpoints)",
        f"{_billing(t.billing_unit_s)}: {fast:,.0f}–{slow:,.0f} s at "
        f"${t.gpu_hourly_low:.2f}–{t.gpu_hourly_high:.2f} per GPU-hour",
        "one run; every retry or hyperparameter trial costs as much again",
    ))
