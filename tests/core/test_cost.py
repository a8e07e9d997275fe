from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from curator.core.analysis.cost import break_even, default_epochs, estimate
from curator.core.families.protocol import same_line
from curator.core.families.tokens import LengthOutliers
from curator.core.families.tokens.lengths import fences, near_empty, over_limit
from curator.core.model.targets import TargetError, find_target, load_targets


@pytest.mark.parametrize(("examples", "epochs"), [
    (10, 10), (30, 3), (33, 3), (34, 3), (50, 3), (1000, 3), (8333, 3), (8334, 2),
    (20000, 1), (100000, 1), (2, 25), (1, 25),
])
def test_openai_default_epochs(examples: int, epochs: int) -> None:
    assert default_epochs(examples) == epochs


def test_cost_matches_a_hand_computation() -> None:
    target = find_target("gpt-4o-mini", load_targets())
    totals = pd.Series([1000, 2000, 70000])  # the last is over the 65,536 limit
    est = estimate(totals, target)
    billed = 1000 + 2000 + 65536
    assert est.billed_tokens == billed
    assert est.epochs == default_epochs(3) == 25
    assert est.training_tokens == billed * 25
    assert est.cost == pytest.approx(billed * 25 * 3.00 / 1e6)
    assert est.truncated == 1
    assert estimate(totals, target, epochs=2).cost == pytest.approx(billed * 2 * 3.00 / 1e6)


def test_open_models_are_priced_as_gpu_time() -> None:
    target = find_target("llama-3-8b-lora", load_targets())
    est = estimate(pd.Series([1000] * 300), target, epochs=3)
    hours = 900_000 / target.throughput_tokens_per_s / 3600  # type: ignore[operator]
    assert est.cost == pytest.approx(hours * target.gpu_hourly_usd)  # type: ignore[operator]


def test_break_even() -> None:
    be = break_even(training_cost=120.0, prompt_tokens=800, requests_per_month=100_000,
                    input_per_1m=0.30)
    assert be.monthly_saving == pytest.approx(800 * 100_000 * 0.30 / 1e6)  # $24
    assert be.months_to_repay == pytest.approx(5.0)
    assert math.isinf(break_even(10.0, 0, 1000, 0.3).months_to_repay)


def test_user_targets_add_and_override(tmp_path: Path) -> None:
    user = tmp_path / "targets.toml"
    user.write_text('["gpt-4o-mini-2024-07-18"]\ntraining_per_1m = 2.5\n\n'
                    '["tiny"]\nprovider = "trl"\nencoding = "o200k_base"\ntoken_limit = 100\n'
                    'throughput_tokens_per_s = 10\ngpu_hourly_usd = 1\nsource = "me"\n'
                    'as_of = "2026-11-30"\n')
    targets = load_targets(user)
    assert targets["gpt-4o-mini-2024-07-18"].training_per_1m == 2.5
    assert targets["gpt-4o-mini-2024-07-18"].token_limit == 65536
    assert targets["tiny"].token_limit == 100


def test_bad_targets_files_say_what_to_fix(tmp_path: Path) -> None:
    user = tmp_path / "targets.toml"
    user.write_text('["x"]\nprovider = "trl"\nencodng = "o200k_base"\n')
    with pytest.raises(TargetError, match=r"\[x\] has unknown field `encodng`"):
        load_targets(user)
    with pytest.raises(TargetError, match="unknown target 'nope'"):
        find_target("nope", load_targets())


def _frame(totals: list[int], shortest: list[int] | None = None) -> pd.DataFrame:
    n = len(totals)
    return pd.DataFrame({
        "line": np.arange(1, n + 1), "total": totals,
        "shortest_reply": shortest or [50] * n, "shortest_reply_at": [1] * n,
    }).set_index("line", drop=False)


def test_limit_and_outlier_findings() -> None:
    rng = np.random.default_rng(0)
    totals = [int(x) for x in rng.normal(400, 60, 200)]
    totals[10] = 40_000  # far too long for this file
    totals[20] = 3  # far too short
    shortest = [50] * 200
    shortest[30] = 1
    target = find_target("gpt-4.1-nano", load_targets())
    limit_target = type(target)(**{**target.__dict__, "token_limit": 30_000})
    findings = LengthOutliers(_frame(totals, shortest)).all_findings(same_line)
    findings += [over_limit(11, totals[10], limit_target), near_empty(31, 1, 1, chat=True)]
    got = {(f.line, f.code) for f in findings}
    assert got == {(11, "T001"), (11, "O001"), (21, "O002"), (31, "O003")}
    assert "30,000-token limit of gpt-4.1-nano" in findings[-2].message
    bounds = fences(pd.Series(totals))
    assert bounds is not None
    message = next(f.message for f in findings if f.code == "O001")
    assert f"{bounds.high:,.0f} tokens" in message


def test_no_outliers_on_few_examples() -> None:
    assert fences(pd.Series([1, 1000, 100000])) is None
