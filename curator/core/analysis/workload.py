"""What a break-even is computed from and of: the workload, a file's typical request, and one
way of serving the requests (shared by the break-even and the words that explain it)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from curator.core.model.prices import Inference

__all__ = ["DEFAULT_HORIZON_MONTHS", "Option", "RequestTokens", "Workload", "request_tokens"]

DEFAULT_HORIZON_MONTHS = 12


class Workload(BaseModel):
    """What the model will be asked: tokens per request, requests a month, caching."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    requests_per_month: float = Field(ge=0, allow_inf_nan=False)
    prompt_tokens: float = Field(ge=0, allow_inf_nan=False)  # dropped after fine-tuning
    user_tokens: float = Field(ge=0, allow_inf_nan=False)
    output_tokens: float = Field(ge=0, allow_inf_nan=False)
    kept_prompt_tokens: float = Field(0.0, ge=0, allow_inf_nan=False)  # sent to both
    cache_hit_rate: float = Field(0.0, ge=0, le=1, allow_inf_nan=False)
    horizon_months: float = Field(DEFAULT_HORIZON_MONTHS, gt=0, allow_inf_nan=False)


@dataclass(frozen=True)
class RequestTokens:
    """Tokens of a typical request, from a file: the median system prompt (of the examples
    that have one), the median user and the median assistant tokens per example."""

    prompt: float
    user: float
    output: float


def request_tokens(frame: pd.DataFrame) -> RequestTokens:
    """Medians of the per-example ``system``, ``user`` and ``assistant`` token columns."""
    def median(column: str, positive: bool = False) -> float:
        if column not in frame or frame.empty:
            return 0.0
        values = frame[column]
        values = values[values > 0] if positive else values
        return float(values.median()) if len(values) else 0.0

    return RequestTokens(median("system", positive=True), median("user"), median("assistant"))


@dataclass(frozen=True)
class Option:
    """One way of serving the requests, priced per request and per month."""

    name: str
    prices: Inference
    input_tokens: float  # per request
    cached_tokens: int  # of them, what a cache hit covers
    output_tokens: float
    per_request: float  # dollars, at the workload's cache hit share
    monthly_fixed: float  # dollars a month whatever the volume (a dedicated GPU)
    monthly: float  # dollars a month at the workload's volume
