from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.analysis.cost import default_epochs
from curator.core.families.tokens.counter import TokenCounter
from curator.core.model.schema import Shape
from datagen.synth import write_chat_file


@pytest.fixture
def chats(tmp_path: Path) -> Path:
    path = tmp_path / "chats.jsonl"
    write_chat_file(str(path), 150, seed=5)
    return path


def _totals(path: Path, encoding: str) -> list[int]:
    counter = TokenCounter(encoding)
    return [counter.example(orjson.loads(line), Shape.OPENAI_CHAT).total
            for line in path.read_bytes().splitlines()]


def test_stats_json_matches_direct_counts(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--format", "json", str(chats)])
    assert result.exit_code == 0, result.output
    doc = orjson.loads(result.output)
    totals = _totals(chats, "o200k_base")
    assert doc["examples"] == 150
    assert sum(doc["histogram"]["counts"]) == 150
    total = doc["distributions"]["total"]
    assert total["max"] == max(totals) and total["min"] == min(totals)
    assert total["mean"] == pytest.approx(sum(totals) / 150)


def test_stats_text_draws_a_histogram(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", str(chats)])
    assert result.exit_code == 0
    assert "█" in result.output and "median" in result.output


def test_cost_json_by_hand(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--format", "json", "--target", "gpt-4o-mini",
                                      "--target", "gpt-3.5-turbo", "--requests-per-month",
                                      "50000", "--prompt-tokens", "500", str(chats)])
    assert result.exit_code == 0, result.output
    mini, turbo = orjson.loads(result.output)
    billed = sum(_totals(chats, "o200k_base"))
    assert mini["billed_tokens"] == billed
    assert mini["epochs"] == default_epochs(150) == 3
    assert mini["cost_usd"] == pytest.approx(billed * 3 * 3.00 / 1e6, abs=1e-4)
    assert mini["monthly_saving_usd"] == pytest.approx(500 * 50000 * 0.30 / 1e6)
    assert turbo["billed_tokens"] == sum(_totals(chats, "cl100k_base"))
    assert mini["as_of"] and mini["source"]


def test_validate_with_a_target_adds_the_limit_check(tmp_path: Path, chats: Path) -> None:
    targets = tmp_path / "t.toml"
    targets.write_text('["small"]\nprovider = "trl"\nencoding = "o200k_base"\n'
                       'token_limit = 200\nthroughput_tokens_per_s = 1\ngpu_hourly_usd = 1\n'
                       'source = "test"\nas_of = "2026-11-30"\n')
    over = [i + 1 for i, n in enumerate(_totals(chats, "o200k_base")) if n > 200]
    assert over
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--targets", str(targets),
                                      "--target", "small", "--select", "T", str(chats)])
    assert result.exit_code == 1
    lines = [f["line"] for f in orjson.loads(result.output)["files"][0]["findings"]]
    assert lines == over


def test_unknown_target_is_a_usage_error(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--target", "gpt-9", str(chats)])
    assert result.exit_code == 2
    assert "unknown target 'gpt-9'" in result.output


@pytest.mark.parametrize("command", ["stats", "cost"])
def test_a_file_without_examples_says_so_instead_of_a_table_of_zeros(
        tmp_path: Path, command: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\nnot json\n")
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path}: no examples to count")
    assert "curator-cli validate" in result.output and "$" not in result.output
