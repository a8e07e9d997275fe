"""The price tables of a model target, validated with pydantic.

A target (``[name]`` in ``resources/targets.toml``) holds its prices in tables, each with its
own ``source`` and ``as_of`` so every price can be traced:

- ``[name.training]``: ``per_1m`` (dollars per 1M trained tokens, as OpenAI bills), or GPU
  time for open models: throughput, GPU hourly price, fixed minutes per job and the billing
  unit, each as a low-high pair where it varies;
- ``[name.base]`` and ``[name.fine_tuned]``: what a request costs on the model as it is and
  after fine-tuning: ``input``, ``cached_input`` and ``output`` per 1M tokens, or a
  dedicated GPU at ``hosting_per_hour``;
- ``[name.cache]``: the provider's prompt-caching rule (minimum prefix and increment).

Every field is strict (``"3"`` is not a number, ``true`` is not 1) and ranged; its
``description`` is the allowed range an error message quotes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

HOURS_PER_MONTH = 730.0  # 365 x 24 / 12

Price = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(gt=0, allow_inf_nan=False)]
WholeTokens = Annotated[int, Field(gt=0, description="a whole number > 0")]
Text = Annotated[str, Field(min_length=1, description="a non-empty string")]


def _to_text(value: Any) -> Any:
    """A TOML date (``as_of = 2025-08-10``, unquoted) reads as the same text quoted."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _real_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("not a real date") from None
    if len(value) != 10:
        raise ValueError("not in the form YYYY-MM-DD")
    return value


Day = Annotated[str, BeforeValidator(_to_text), AfterValidator(_real_date),
                Field(description="a date YYYY-MM-DD, such as 2025-08-10")]


class Sourced(BaseModel):
    """A table of prices from one source, read on one date."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    source: Text
    as_of: Day


_SPEED = "a number > 0 (training tokens per second)"
_HOURLY = "a number >= 0 (dollars per GPU-hour)"
_MINUTES = "a number >= 0 (minutes per job)"


class Training(Sourced):
    """What training costs: per trained token, or GPU time (low-high where it varies)."""

    per_1m: Price | None = Field(None, description="a number >= 0 (dollars per 1M trained "
                                                   "tokens)")
    throughput_low: Rate | None = Field(None, description=_SPEED)
    throughput_high: Rate | None = Field(None, description=_SPEED)
    gpu_hourly_low: Price | None = Field(None, description=_HOURLY)
    gpu_hourly_high: Price | None = Field(None, description=_HOURLY)
    fixed_minutes_low: Price | None = Field(None, description=_MINUTES)
    fixed_minutes_high: Price | None = Field(None, description=_MINUTES)
    billing_unit_s: Rate | None = Field(None, description="a number > 0 (seconds; 1 bills "
                                                          "per second, 3600 whole hours)")

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        gpu = {name: getattr(self, name) for name in GPU_FIELDS}
        given = [name for name, value in gpu.items() if value is not None]
        if self.per_1m is not None and given:
            raise ValueError("gives both per_1m and GPU time (" + ", ".join(given) + "); "
                             "keep one way of pricing training")
        if self.per_1m is None and len(given) < len(gpu):
            missing = [name for name in GPU_FIELDS if gpu[name] is None]
            raise ValueError("has no complete price: give per_1m (dollars per 1M trained "
                             "tokens), or GPU time; missing " + ", ".join(missing))
        for low, high in (("throughput_low", "throughput_high"),
                          ("gpu_hourly_low", "gpu_hourly_high"),
                          ("fixed_minutes_low", "fixed_minutes_high")):
            if gpu[low] is not None and gpu[high] is not None and gpu[low] > gpu[high]:
                raise ValueError(f"{low} ({gpu[low]:g}) is above {high} ({gpu[high]:g}); "
                                 "swap them")
        return self

    @property
    def per_token(self) -> bool:
        return self.per_1m is not None


GPU_FIELDS = ("throughput_low", "throughput_high", "gpu_hourly_low", "gpu_hourly_high",
              "fixed_minutes_low", "fixed_minutes_high", "billing_unit_s")


class Inference(Sourced):
    """What one request costs: per-token prices, or a dedicated GPU billed by the hour."""

    input: Price | None = Field(None, description="a number >= 0 (dollars per 1M input "
                                                  "tokens)")
    cached_input: Price | None = Field(None, description="a number >= 0 (dollars per 1M "
                                                         "cached input tokens)")
    output: Price | None = Field(None, description="a number >= 0 (dollars per 1M output "
                                                   "tokens)")
    hosting_per_hour: Price | None = Field(None, description="a number >= 0 (dollars per "
                                                             "hour of a dedicated GPU)")
    hours_per_month: float = Field(HOURS_PER_MONTH, gt=0, le=744, allow_inf_nan=False,
                                   description="a number > 0 and <= 744 (hours the GPU is "
                                               "billed a month)")

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        per_token = self.input is not None or self.output is not None
        if self.hosting_per_hour is not None:
            if per_token or self.cached_input is not None:
                raise ValueError("gives both hosting_per_hour and per-token prices; keep one")
            return self
        if self.input is None or self.output is None:
            raise ValueError("has no complete price: give input and output (dollars per 1M "
                             "tokens, and cached_input if the provider has one), or "
                             "hosting_per_hour for a dedicated GPU")
        return self

    @property
    def per_token(self) -> bool:
        return self.hosting_per_hour is None

    @property
    def monthly_fixed(self) -> float:
        """Dollars a month whatever the volume (a dedicated GPU), 0 for per-token prices."""
        return (self.hosting_per_hour or 0.0) * self.hours_per_month


class CacheRule(Sourced):
    """The provider's prompt caching: a prefix of at least ``min_tokens`` is cached in
    steps of ``step_tokens`` (OpenAI: 1,024 and 128)."""

    min_tokens: WholeTokens
    step_tokens: WholeTokens

    def cached(self, prefix: float) -> int:
        """Tokens of a shared ``prefix`` that a cache hit covers: the largest
        ``min_tokens + k x step_tokens`` not above it, or 0 below the minimum."""
        if prefix < self.min_tokens:
            return 0
        steps = int((prefix - self.min_tokens) // self.step_tokens)
        return self.min_tokens + steps * self.step_tokens


def usd(value: float) -> str:
    """A price as people write it: ``$0.60``, ``$0.075``, ``$1.875``."""
    text = f"{value:.4f}".rstrip("0")
    return "$" + (text + "0" * (2 - len(text.split(".")[1])))


GROUPS: dict[str, type[Sourced]] = {"training": Training, "base": Inference,
                                    "fine_tuned": Inference, "cache": CacheRule}
