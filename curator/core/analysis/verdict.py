"""The break-even in words, the same in the CLI and the app: how long until training is
repaid, above which volume fine-tuning is the cheaper option, and the verdict."""

from __future__ import annotations

import math

from curator.core.analysis.breakeven import BreakEven
from curator.core.analysis.cost import dollars
from curator.core.model.prices import Inference, usd

DAYS_PER_MONTH = 365 / 12


def signed(value: float) -> str:
    """``$15.00`` or ``−$17.60``."""
    return ("−" if value < -0.005 else "") + dollars(abs(value))


def prices(table: Inference) -> str:
    """``$0.15 / $0.075 / $0.60`` (input / cached / output per 1M), or ``$0.80/h x 730 h``."""
    if table.hosting_per_hour is not None:
        return f"{usd(table.hosting_per_hour)}/h x {table.hours_per_month:g} h"
    return " / ".join("—" if p is None else usd(p)
                      for p in (table.input, table.cached_input, table.output))


def months(be: BreakEven) -> str:
    """``under an hour``, ``0.3–0.5 days``, ``7 days``, ``6.2 months``, or ``never``."""
    low, high = be.months_to_repay
    if math.isinf(low):
        return "never"
    if high * DAYS_PER_MONTH < 0.05:
        return "under an hour"
    if high < 1:
        low, high, unit = low * DAYS_PER_MONTH, high * DAYS_PER_MONTH, "days"
        form = "{:,.1f}" if high < 10 else "{:,.0f}"
    else:
        unit, form = "months", "{:,.1f}"
    # a hair up, so that 6.15 reads 6.2 as it does by hand, not 6.1 from 6.1499999
    first, last = form.format(low + 1e-9), form.format(high + 1e-9)
    if first == last and float(first) == 1:
        return f"1 {unit[:-1]}"
    return (first if first == last else f"{first}–{last}") + f" {unit}"


def volume(be: BreakEven) -> str:
    """Requests a month above which fine-tuning is cheaper over the horizon, or ``never``."""
    pays = be.break_even_requests
    if pays is None:
        return "never"
    low, high = (f"{math.ceil(v):,}" for v in pays)
    return low if low == high else f"{low}–{high}"


def difference(be: BreakEven) -> str:
    """What fine-tuning does to the monthly bill: ``saves $15.00``, ``costs $17.60 more``."""
    if be.never_pays:
        return "never pays"
    if abs(be.monthly_saving) < 0.005:
        return "costs the same"
    if be.monthly_saving > 0:
        return f"saves {dollars(be.monthly_saving)}"
    return f"costs {signed(-be.monthly_saving)} more"


def verdict(be: BreakEven) -> list[str]:
    """One or two sentences: what fine-tuning saves, when it is repaid, when it pays."""
    horizon = f"{be.workload.horizon_months:g} months"
    if be.never_pays:
        than = ("as much as" if be.fine_tuned.per_request == be.prompted.per_request
                else "more than")
        return [f"Fine-tuning never pays here: a fine-tuned request costs "
                f"${be.fine_tuned.per_request:.6f}, {than} the prompted one's "
                f"${be.prompted.per_request:.6f}, so no volume repays training."]
    pays = f"Over {horizon} it is the cheaper option above {volume(be)} requests a month."
    if be.monthly_saving <= 0:
        return [f"At this volume fine-tuning {difference(be)} a month.", pays]
    return [f"Fine-tuning saves {dollars(be.monthly_saving)} a month; training is repaid in "
            f"{months(be)}.", pays]
