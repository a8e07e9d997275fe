"""The assumptions of a break-even, in words a person can check (the CLI and the app print
them under the numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from curator.core.analysis.training import TrainingCost
from curator.core.model.prices import CacheRule, usd
from curator.core.model.targets import Target

if TYPE_CHECKING:
    from curator.core.analysis.workload import Option, Workload


def _tokens(value: float) -> str:
    return f"{value:,.0f}"


def _caching(option: Option, prefix: float, rule: CacheRule | None, hit_rate: float) -> str:
    who = option.name
    if prefix <= 0:
        return f"{who}: no shared prefix, nothing to cache"
    cached = option.prices.cached_input
    if rule is None or cached is None:
        return f"{who}: no cached-input price in the table, no caching"
    if not option.cached_tokens:
        return (f"{who}: the {_tokens(prefix)}-token prompt is below the provider's "
                f"{rule.min_tokens:,}-token minimum for caching, nothing cached")
    covers = (f"{option.cached_tokens:,} of the {_tokens(prefix)} prompt tokens (at least "
              f"{rule.min_tokens:,}, in steps of {rule.step_tokens:,}), at {usd(cached)} "
              f"instead of {usd(option.prices.input or 0.0)} per 1M")
    if not hit_rate:
        return (f"{who}: a cache hit would cover {covers}, but no hits are assumed (cache hit "
                "share 0), though the provider caches a repeated prefix by itself: give the "
                "share your usage reports")
    return f"{who}: a cache hit covers {covers}, on {hit_rate:.0%} of requests"


def _hosting(option: Option) -> list[str]:
    prices = option.prices
    if prices.hosting_per_hour is None:
        return []
    return [f"{option.name}: a dedicated GPU at ${prices.hosting_per_hour:.2f}/h for "
            f"{prices.hours_per_month:g} h a month (${option.monthly_fixed:,.2f}) whatever the "
            "volume; one GPU is assumed to serve it all"]


def stated(target: Target, load: Workload, prompted: Option, tuned: Option,
           training: TrainingCost) -> tuple[str, ...]:
    """Every assumption behind the numbers, one sentence each."""
    kept = load.kept_prompt_tokens
    request = (f"a request sends {_tokens(load.user_tokens)} user tokens and gets "
               f"{_tokens(load.output_tokens)} output tokens; the base model is also sent the "
               f"{_tokens(load.prompt_tokens + kept)}-token prompt, the fine-tuned model "
               + (f"only the {_tokens(kept)} tokens of it that stay" if kept else "none of it"))
    lines = [request,
             _caching(prompted, prompted.input_tokens - load.user_tokens, target.cache,
                      load.cache_hit_rate),
             _caching(tuned, kept, target.cache, load.cache_hit_rate)]
    lines += _hosting(prompted) + _hosting(tuned)
    lines.append("training, once: " + "; ".join(training.assumptions))
    lines.append(f"{load.requests_per_month:,.0f} requests every month for "
                 f"{load.horizon_months:g} months, at today's prices, nothing discounted")
    return tuple(lines)
