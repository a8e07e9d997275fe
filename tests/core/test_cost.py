from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from curator.core.analysis.cost import default_epochs, dollars, estimate
from curator.core.families.protocol import same_line
from curator.core.families.tokens import LengthOutliers
from curator.core.families.tokens.lengths import fences, near_empty, over_limit
from curator.core.model.columns import Columns
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
    assert est.cost.low == est.cost.high == pytest.approx(billed * 25 * 3.00 / 1e6)
    assert est.truncated == 1
    assert estimate(totals, target, epochs=2).cost.low == pytest.approx(billed * 2 * 3.00 / 1e6)


def test_open_models_are_priced_as_whole_gpu_jobs() -> None:
    """300 examples of 1,000 tokens x 3 epochs = 900,000 tokens on one A100 80GB: the fast
    end 10 min + 900,000 / 3,200 tokens/s = 881.25 s, billed 882 s at $1.19/h; the slow end
    20 min + 900,000 / 2,900 = 1,510.3 s, billed 1,511 s at $2.50/h."""
    target = find_target("llama-3-8b-lora", load_targets())
    est = estimate(pd.Series([1000] * 300), target, epochs=3)
    assert est.training_tokens == 900_000
    assert est.cost.low == pytest.approx(882 / 3600 * 1.19)
    assert est.cost.high == pytest.approx(1511 / 3600 * 2.50)
    assert not est.cost.exact
    assert any("10–20 fixed minutes per job" in line for line in est.cost.assumptions)


def test_dollars_reads_as_one_price_or_a_range() -> None:
    assert dollars(3.69, 3.69) == "$3.69"
    assert dollars(0.3457, 0.6084) == "$0.35–0.61"
    assert dollars(1234.5) == "$1,234.50"


def test_unknown_target_names_the_known_ones() -> None:
    known = re.escape("unknown target 'nope'; known targets: gpt-3.5")
    with pytest.raises(TargetError, match=known):
        find_target("nope", load_targets())


def _frame(totals: list[int], shortest: list[int] | None = None) -> Columns:
    n = len(totals)
    return Columns(np.arange(1, n + 1), {
        "total": np.array(totals), "shortest_reply": np.array(shortest or [50] * n),
        "shortest_reply_at": np.ones(n, dtype=np.int64)})


def test_limit_and_outlier_findings() -> None:
    rng = np.random.default_rng(0)
    totals = [int(x) for x in rng.normal(400, 60, 200)]
    totals[10] = 40_000  # far too long for this file
    totals[20] = 3  # far too short
    shortest = [50] * 200
    shortest[30] = 1
    target = find_target("gpt-4.1-nano", load_targets())
    limit_target = target.model_copy(update={"token_limit": 30_000})
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
