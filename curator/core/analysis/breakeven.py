"""Fine-tune or prompt: the two real options a month, and when training is repaid.

The question behind a training set is whether a fine-tuned model without the long prompt
costs less than the base model with it. Per request, with P prompt tokens that fine-tuning
lets you drop, K prompt tokens both send, U user tokens and O output tokens:

    prompted   = (K+P+U) x base input - h x C_b x (base input - base cached) + O x base output
    fine-tuned = (K+U) x ft input - h x C_f x (ft input - ft cached) + O x ft output

where h is the share of requests that hit the prompt cache and C the tokens a hit covers: of
the shared prefix (K+P on the base model, K on the fine-tuned one), the largest
``min_tokens + k x step_tokens`` that fits (OpenAI: 1,024 + k x 128), or 0 when the prefix is
shorter, the model has no cached price or the provider no cache. Prices are per 1M tokens.

A month costs requests x per request, plus a dedicated GPU's hours if the option has one.
Over a horizon of H months the fine-tuned option also pays training T once, so it is the
cheaper one above R* = (T + H x (F_ft - F_base)) / (H x (prompted - fine-tuned)) requests a
month, and never when its request costs at least as much as the prompted one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from curator.core.analysis.assumptions import stated
from curator.core.analysis.training import TrainingCost
from curator.core.analysis.workload import (
    Option,
    Workload,
)
from curator.core.model.prices import CacheRule, Inference
from curator.core.model.targets import Target


@dataclass(frozen=True)
class BreakEven:
    """Both options, the training cost, and what follows from them."""

    target: Target
    workload: Workload
    prompted: Option
    fine_tuned: Option
    training: TrainingCost
    assumptions: tuple[str, ...]

    @property
    def monthly_saving(self) -> float:
        """Dollars a month the fine-tuned option saves; negative when it costs more."""
        return self.prompted.monthly - self.fine_tuned.monthly

    @property
    def months_to_repay(self) -> tuple[float, float]:
        """Months until training (low, high) is repaid; ``inf`` when it never is."""
        saving = self.monthly_saving
        if saving <= 0:
            return math.inf, math.inf
        return self.training.low / saving, self.training.high / saving

    @property
    def never_pays(self) -> bool:
        """The fine-tuned request costs at least as much as the prompted one."""
        return self.fine_tuned.per_request >= self.prompted.per_request

    @property
    def break_even_requests(self) -> tuple[float, float] | None:
        """Requests a month above which the fine-tuned option, training included, costs less
        over the horizon (for training low, high); ``None`` when no volume is enough."""
        if self.never_pays:
            return None
        months = self.workload.horizon_months
        margin = self.prompted.per_request - self.fine_tuned.per_request
        fixed = months * (self.fine_tuned.monthly_fixed - self.prompted.monthly_fixed)
        return (max(0.0, (self.training.low + fixed) / (months * margin)),
                max(0.0, (self.training.high + fixed) / (months * margin)))

    def cumulative(self, month: float) -> tuple[float, float, float]:
        """Dollars spent after ``month`` months: prompted, fine-tuned low, fine-tuned high."""
        tuned = month * self.fine_tuned.monthly
        return (month * self.prompted.monthly, self.training.low + tuned,
                self.training.high + tuned)


def _cached(prefix: float, prices: Inference, rule: CacheRule | None) -> int:
    if rule is None or prices.cached_input is None:
        return 0
    return rule.cached(prefix)


def _option(name: str, prices: Inference, prefix: float, load: Workload,
            rule: CacheRule | None) -> Option:
    cached = _cached(prefix, prices, rule)
    tokens_in = prefix + load.user_tokens
    if prices.per_token:
        assert prices.input is not None and prices.output is not None  # by validation
        discount = prices.input - (prices.cached_input or 0.0) if cached else 0.0
        per_request = (tokens_in * prices.input - load.cache_hit_rate * cached * discount
                       + load.output_tokens * prices.output) / 1e6
    else:
        per_request = 0.0
    fixed = prices.monthly_fixed
    return Option(name, prices, tokens_in, cached, load.output_tokens, per_request, fixed,
                  per_request * load.requests_per_month + fixed)


class MissingPricesError(ValueError):
    """The target lacks the base or fine-tuned prices the comparison needs."""


def break_even(target: Target, training: TrainingCost, load: Workload) -> BreakEven:
    """Compare the prompted base model with the fine-tuned one for ``target``."""
    missing = [f"[{target.name}.{group}]" for group in ("base", "fine_tuned")
               if getattr(target, group) is None]
    if missing:
        raise MissingPricesError(
            f"{target.name} has no " + " or ".join(missing) + " prices to compare; add "
            "input and output per 1M tokens (or hosting_per_hour) in a --targets file")
    assert target.base is not None and target.fine_tuned is not None
    prompted = _option("base model + prompt", target.base,
                       load.kept_prompt_tokens + load.prompt_tokens, load, target.cache)
    tuned = _option("fine-tuned, " + ("kept prompt only" if load.kept_prompt_tokens else
                                       "no prompt"),
                    target.fine_tuned, load.kept_prompt_tokens, load, target.cache)
    return BreakEven(target, load, prompted, tuned, training,
                     stated(target, load, prompted, tuned, training))
