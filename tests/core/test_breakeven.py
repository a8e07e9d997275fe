"""Fine-tune or prompt, on the worked examples of docs/cost.md, every number by hand.

Example 1: GPT-4o mini, a 2,000-token system prompt, 200 user and 200 output tokens a
request, 100,000 requests a month; 1,000 training examples of 410 tokens, 3 epochs.
Prices per 1M: base 0.15 in, 0.075 cached, 0.60 out; fine-tuned 0.30, 0.15, 1.20; training
3.00.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from curator.core.analysis.breakeven import MissingPricesError, break_even
from curator.core.analysis.cost import estimate
from curator.core.analysis.training import TrainingCost, training_cost
from curator.core.analysis.workload import Workload, request_tokens
from curator.core.model.prices import CacheRule, Training
from curator.core.model.targets import Target, find_target, load_targets

TARGETS = load_targets()
EXAMPLE = {"requests_per_month": 100_000, "prompt_tokens": 2000, "user_tokens": 200,
           "output_tokens": 200}


def _target(name: str) -> Target:
    return find_target(name, TARGETS)


def _paid(cost: float) -> TrainingCost:
    return TrainingCost(cost, cost, ())


def test_training_1000_examples_of_410_tokens_on_gpt_4o_mini() -> None:
    est = estimate(pd.Series([410] * 1000), _target("gpt-4o-mini"))
    assert est.epochs == 3  # 1,000 x 3 is within OpenAI's [100, 25,000]
    assert est.training_tokens == 1_230_000
    assert est.cost.low == est.cost.high == pytest.approx(3.69)  # 1.23 x $3.00


def test_caching_covers_1024_then_steps_of_128() -> None:
    rule = CacheRule(min_tokens=1024, step_tokens=128, source="s", as_of="2025-08-10")
    assert [rule.cached(n) for n in (0, 1023, 1024, 1151, 1152, 2000, 2006, 3200)] == [
        0, 0, 1024, 1024, 1152, 1920, 1920, 3200]  # 2006 -> 1920 is OpenAI's own example


def test_without_caching_fine_tuning_saves_15_not_60() -> None:
    be = break_even(_target("gpt-4o-mini"), _paid(3.69), Workload(**EXAMPLE))
    # base: (2,000 + 200) x 0.15 + 200 x 0.60 = 330 + 120 = $450 per 1M requests
    assert be.prompted.per_request == pytest.approx(450 / 1e6)
    assert be.prompted.monthly == pytest.approx(45.00)
    # fine-tuned: 200 x 0.30 + 200 x 1.20 = 60 + 240 = $300 per 1M requests
    assert be.fine_tuned.monthly == pytest.approx(30.00)
    assert be.monthly_saving == pytest.approx(15.00)
    assert be.months_to_repay == pytest.approx((0.246, 0.246))  # 3.69 / 15
    # over 12 months: 3.69 / (12 x (0.00045 - 0.0003)) requests a month
    assert be.break_even_requests == pytest.approx((2050, 2050))


def test_with_every_request_a_cache_hit_the_saving_is_60_cents() -> None:
    be = break_even(_target("gpt-4o-mini"), _paid(3.69),
                    Workload(**EXAMPLE, cache_hit_rate=1.0))
    # 1,920 of the 2,000 prompt tokens cached: 1,920 x 0.075 + 280 x 0.15 + 200 x 0.60
    # = 144 + 42 + 120 = $306 per 1M requests; the fine-tuned request has nothing to cache
    assert be.prompted.cached_tokens == 1920 and be.fine_tuned.cached_tokens == 0
    assert be.prompted.monthly == pytest.approx(30.60)
    assert be.fine_tuned.monthly == pytest.approx(30.00)
    assert be.monthly_saving == pytest.approx(0.60)
    assert be.months_to_repay[0] == pytest.approx(6.15)  # 3.69 / 0.60
    assert be.break_even_requests == pytest.approx((51_250, 51_250))  # 3.69 / (12 x 0.000006)


@pytest.mark.parametrize(("hit_rate", "monthly"), [(0.8, 33.48), (0.5, 37.80)])
def test_a_partial_hit_rate_discounts_that_share_of_requests(hit_rate: float,
                                                             monthly: float) -> None:
    be = break_even(_target("gpt-4o-mini"), _paid(3.69),
                    Workload(**EXAMPLE, cache_hit_rate=hit_rate))
    assert be.prompted.monthly == pytest.approx(monthly)  # 45.00 - 14.40 x hit rate


def test_caching_changes_the_answer_on_gpt_4_1_mini() -> None:
    """Base 0.40 / 0.10 cached / 1.60; fine-tuned 0.80 / 0.20 / 3.20; training 5.00."""
    mini = _target("gpt-4.1-mini")
    training = _paid(1_230_000 * 5.00 / 1e6)  # $6.15
    plain = break_even(mini, training, Workload(**EXAMPLE))
    # 2,200 x 0.40 + 200 x 1.60 = 1,200 against 200 x 0.80 + 200 x 3.20 = 800
    assert (plain.prompted.monthly, plain.fine_tuned.monthly) == pytest.approx((120, 80))
    assert plain.monthly_saving == pytest.approx(40.00) and not plain.never_pays
    cached = break_even(mini, training, Workload(**EXAMPLE, cache_hit_rate=1.0))
    # 280 x 0.40 + 1,920 x 0.10 + 200 x 1.60 = 112 + 192 + 320 = 624
    assert cached.prompted.monthly == pytest.approx(62.40)
    assert cached.monthly_saving == pytest.approx(-17.60)
    assert cached.never_pays and cached.break_even_requests is None
    assert cached.months_to_repay == (math.inf, math.inf)


def test_fine_tuned_gpt_3_5_never_pays() -> None:
    """Fine-tuned gpt-3.5-turbo costs 6x the base input and 4x its output, and has no cache:
    2,200 x 0.50 + 200 x 1.50 = 1,400 against 200 x 3.00 + 200 x 6.00 = 1,800."""
    be = break_even(_target("gpt-3.5-turbo"), _paid(9.84),
                    Workload(**EXAMPLE, cache_hit_rate=1.0))
    assert be.prompted.cached_tokens == 0
    assert (be.prompted.monthly, be.fine_tuned.monthly) == pytest.approx((140, 180))
    assert be.never_pays and be.break_even_requests is None


def test_a_short_prompt_and_long_answers_never_pay() -> None:
    # 300-token prompt, 400 output: 500 x 0.15 + 400 x 0.60 = 315 vs 200 x 0.30 + 400 x 1.20
    be = break_even(_target("gpt-4o-mini"), _paid(3.69),
                    Workload(requests_per_month=100_000, prompt_tokens=300, user_tokens=200,
                             output_tokens=400))
    assert be.prompted.monthly == pytest.approx(31.50)
    assert be.fine_tuned.monthly == pytest.approx(54.00)
    assert be.never_pays and be.monthly_saving == pytest.approx(-22.50)


def test_a_prompt_part_that_stays_is_cached_on_the_fine_tuned_model_too() -> None:
    """1,200 tokens (tool definitions) stay after fine-tuning; 2,000 go; every hit cached.
    Base prefix 3,200 = 1,024 + 17 x 128, all cached: 200 x 0.15 + 3,200 x 0.075 + 200 x
    0.60 = 30 + 240 + 120 = 390. Fine-tuned prefix 1,200 caches 1,152: 248 x 0.30 + 1,152 x
    0.15 + 200 x 1.20 = 74.4 + 172.8 + 240 = 487.2."""
    be = break_even(_target("gpt-4o-mini"), _paid(3.69),
                    Workload(**EXAMPLE, kept_prompt_tokens=1200, cache_hit_rate=1.0))
    assert (be.prompted.cached_tokens, be.fine_tuned.cached_tokens) == (3200, 1152)
    assert be.prompted.monthly == pytest.approx(39.00)
    assert be.fine_tuned.monthly == pytest.approx(48.72)
    assert be.never_pays


def test_a_dedicated_gpu_pays_only_at_a_large_volume() -> None:
    """Llama 3 8B: base per token at 0.18 in and out; fine-tuned on one L4 at $0.80/h, 730 h."""
    llama = _target("llama-3-8b-qlora")
    training = TrainingCost(0.35, 0.61, ())
    be = break_even(llama, training, Workload(**EXAMPLE))
    assert be.prompted.monthly == pytest.approx(43.20)  # 2,400 x 0.18 / 1e6 x 100,000
    assert be.fine_tuned.monthly == pytest.approx(584.00)  # 0.80 x 730
    assert be.monthly_saving == pytest.approx(-540.80) and not be.never_pays
    low, high = be.break_even_requests  # type: ignore[misc]
    assert low == pytest.approx((0.35 + 12 * 584) / (12 * 0.000432))  # about 1.35M a month
    assert high == pytest.approx((0.61 + 12 * 584) / (12 * 0.000432))
    assert any("dedicated GPU at $0.80/h for 730 h" in line for line in be.assumptions)


def test_the_cumulative_lines_cross_when_training_is_repaid() -> None:
    be = break_even(_target("gpt-4o-mini"), _paid(3.69),
                    Workload(**EXAMPLE, cache_hit_rate=1.0))
    assert be.cumulative(0) == pytest.approx((0, 3.69, 3.69))
    assert be.cumulative(12) == pytest.approx((367.20, 363.69, 363.69))
    prompted, tuned, _ = be.cumulative(6.15)
    assert prompted == pytest.approx(tuned)


def test_the_assumptions_are_stated() -> None:
    be = break_even(_target("gpt-4o-mini"), _paid(3.69), Workload(**EXAMPLE))
    text = "\n".join(be.assumptions)
    assert "a cache hit would cover 1,920 of the 2,000 prompt tokens (at least 1,024, in " \
           "steps of 128), at $0.075 instead of $0.15 per 1M, but no hits are assumed" in text
    assert "fine-tuned, no prompt: no shared prefix, nothing to cache" in text
    assert "100,000 requests every month for 12 months" in text


def test_a_model_without_request_prices_cannot_be_compared() -> None:
    with pytest.raises(MissingPricesError,
                       match=re.escape("mistral-7b-lora has no [mistral-7b-lora.base]")):
        break_even(_target("mistral-7b-lora"), _paid(1.0), Workload(**EXAMPLE))


@pytest.mark.parametrize("bad", [{"cache_hit_rate": 1.5}, {"requests_per_month": -1},
                                 {"horizon_months": 0}, {"prompt_tokens": math.nan}])
def test_a_workload_out_of_range_is_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        Workload(**{**EXAMPLE, **bad})


def test_request_tokens_are_the_files_medians() -> None:
    frame = pd.DataFrame({"system": [0, 100, 300, 500], "user": [10, 20, 30, 40],
                          "assistant": [5, 7, 9, 100]})
    tokens = request_tokens(frame)
    # the system prompt over the examples that have one; user and assistant over all
    assert (tokens.prompt, tokens.user, tokens.output) == (300, 25, 8)
    assert request_tokens(pd.DataFrame()).prompt == 0


def _l4(**change: float) -> Training:
    values = {"throughput_low": 800, "throughput_high": 1000, "gpu_hourly_low": 0.68,
              "gpu_hourly_high": 0.80, "fixed_minutes_low": 10, "fixed_minutes_high": 20,
              "billing_unit_s": 1, **change}
    return Training(source="test", as_of="2026-07-01", **values)


def test_llama_3_8b_qlora_on_1000_examples_costs_well_under_5_dollars() -> None:
    """Example 2: 1,230,000 tokens. Fast: 600 s + 1,230,000 / 1,000 = 1,830 s at $0.68/h;
    slow: 1,200 s + 1,230,000 / 800 = 2,737.5 s, billed 2,738 s at $0.80/h."""
    numbers = {"source", "as_of"}
    assert _l4().model_dump(exclude=numbers) == _target(
        "llama-3-8b-qlora").training.model_dump(exclude=numbers)  # the shipped assumptions
    cost = training_cost(_l4(), 1_230_000)
    assert (cost.low, cost.high) == pytest.approx((1830 * 0.68 / 3600, 2738 * 0.80 / 3600))
    assert (round(cost.low, 2), round(cost.high, 2)) == (0.35, 0.61)


def test_what_it_takes_to_reach_5_to_20_dollars() -> None:
    # the 2,000-token prompt kept in every example: 1,000 x 2,410 x 3 = 7,230,000 tokens;
    # 600 + 7,230 = 7,830 s; 1,200 + 9,037.5 = 10,237.5 -> 10,238 s
    kept = training_cost(_l4(), 7_230_000)
    assert (kept.low, kept.high) == pytest.approx((7830 * 0.68 / 3600, 10238 * 0.80 / 3600))
    # on an on-demand A100 80GB (QLoRA 2,300-2,900 tokens/s, $2.50/h) billed by started hour:
    # 600 + 2,493.1 = 3,093 s -> 1 h; 1,200 + 3,143.5 = 4,343 s -> 2 h
    a100 = _l4(throughput_low=2300, throughput_high=2900, gpu_hourly_low=2.50,
               gpu_hourly_high=2.50, billing_unit_s=3600)
    hourly = training_cost(a100, 7_230_000)
    assert (hourly.low, hourly.high) == pytest.approx((2.50, 5.00))
    # three runs (a first try and two fixes): $7.50-15.00
    assert (3 * hourly.low, 3 * hourly.high) == pytest.approx((7.50, 15.00))


def test_the_docs_show_these_numbers() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cost.md").read_text(encoding="utf-8")
    for figure in ("$45.00", "$30.00", "$15.00", "$30.60", "$0.60", "$3.69", "2,050",
                   "51,250", "$62.40", "−$17.60", "$0.35–0.61", "$1.48–2.28", "$2.50–5.00",
                   "$7.50–15.00", "1,920"):
        assert figure in doc, figure
