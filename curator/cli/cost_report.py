"""The break-even as `curator-cli cost` prints it: a row per model, both options side by side
with their assumptions for the models you name, and the same numbers as JSON."""

from __future__ import annotations

import math
from typing import Any

from curator.core.api import (
    BreakEven,
    Option,
    difference,
    dollars,
    months,
    prices,
    signed,
    verdict,
    volume,
)

LABEL = 34
COLUMN = 24


def summary(rows: list[tuple[str, BreakEven | str]]) -> list[str]:
    """One line per model: both options a month, the saving, the repayment, the volume."""
    lines = [f"{'model':<24}{'prompted/month':>16}{'fine-tuned/month':>18}{'saves/month':>13}"
             f"  {'repaid in':<13}pays above (requests/month)"]
    for name, be in rows:
        if isinstance(be, str):
            lines.append(f"{name:<24}  no prices to compare: add [{name}.base] and "
                         f"[{name}.fine_tuned] in a --targets file")
            continue
        lines.append(f"{name:<24}{dollars(be.prompted.monthly):>16}"
                     f"{dollars(be.fine_tuned.monthly):>18}{signed(be.monthly_saving):>13}"
                     f"  {months(be):<13}{volume(be)}")
    return lines


def _row(label: str, left: str, right: str) -> str:
    return f"  {label:<{LABEL}}{left:>{COLUMN}}{right:>{COLUMN}}"


def details(be: BreakEven, origins: dict[str, str], cached_alternative: BreakEven | None
            ) -> list[str]:
    """Both options side by side, the verdict, and every assumption."""
    p, f, load = be.prompted, be.fine_tuned, be.workload
    horizon = load.horizon_months
    over_p, over_low, over_high = be.cumulative(horizon)
    lines = [f"{be.target.name:<{LABEL + 2}}{p.name:>{COLUMN}}{f.name:>{COLUMN}}",
             _row("input tokens per request", f"{p.input_tokens:,.0f}", f"{f.input_tokens:,.0f}"),
             _row("of them covered by a cache hit", f"{p.cached_tokens:,}", f"{f.cached_tokens:,}"),
             _row("output tokens per request", f"{p.output_tokens:,.0f}",
                  f"{f.output_tokens:,.0f}"),
             _row("price per 1M: input/cached/output", prices(p.prices), prices(f.prices)),
             _row("cost per request", f"${p.per_request:.6f}", f"${f.per_request:.6f}"),
             _row(f"a month at {load.requests_per_month:,.0f} requests", dollars(p.monthly),
                  dollars(f.monthly)),
             _row("training, once", "—", dollars(be.training.low, be.training.high)),
             _row(f"over {horizon:g} months", dollars(over_p), dollars(over_low, over_high))]
    lines += ["  " + line for line in verdict(be)]
    if cached_alternative is not None:
        alt = cached_alternative
        lines.append(f"  With every request a cache hit (--cache-hit-rate 1) the prompted "
                     f"model costs {dollars(alt.prompted.monthly)} a month and fine-tuning "
                     f"{difference(alt)}.")
    lines.append("  Assumptions:")
    lines.append("    - where the tokens come from: " + "; ".join(
        f"{key.split('_')[0]}: {origin}" for key, origin in origins.items()))
    lines += [f"    - {line}" for line in be.assumptions]
    cited = {(p.prices.source, p.prices.as_of): "base", (f.prices.source, f.prices.as_of):
             "fine-tuned"}
    for (source, as_of), label in cited.items():
        label = "prices" if len(cited) == 1 else f"{label} prices"
        lines.append(f"    - {label}: {source}, as of {as_of}")
    return lines


def _number(value: float) -> float | None:
    return None if math.isinf(value) else round(value, 10)


def _option(option: Option) -> dict[str, Any]:
    table = option.prices
    return {"input_tokens": option.input_tokens, "cached_tokens": option.cached_tokens,
            "output_tokens": option.output_tokens, "input_per_1m": table.input,
            "cached_input_per_1m": table.cached_input, "output_per_1m": table.output,
            "hosting_per_hour": table.hosting_per_hour,
            "cost_per_request_usd": _number(option.per_request),
            "fixed_monthly_usd": _number(option.monthly_fixed),
            "monthly_usd": _number(option.monthly), "source": table.source,
            "as_of": table.as_of}


def _span(values: tuple[float, float] | None) -> dict[str, float | None] | None:
    if values is None or math.isinf(values[0]):
        return None
    return {"low": _number(values[0]), "high": _number(values[1])}


def as_json(be: BreakEven) -> dict[str, Any]:
    """The break-even as plain numbers: dollars, months, requests; null for never."""
    horizon = be.workload.horizon_months
    over_p, over_low, over_high = be.cumulative(horizon)
    return {**be.workload.model_dump(),
            "prompted": _option(be.prompted), "fine_tuned": _option(be.fine_tuned),
            "training_usd": _span((be.training.low, be.training.high)),
            "monthly_saving_usd": _number(be.monthly_saving), "never_pays": be.never_pays,
            "months_to_repay": _span(be.months_to_repay),
            "break_even_requests_per_month": _span(be.break_even_requests),
            "over_horizon_usd": {"prompted": _number(over_p),
                                 "fine_tuned": _span((over_low, over_high))},
            "assumptions": list(be.assumptions)}
