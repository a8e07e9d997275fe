from __future__ import annotations

from pathlib import Path

import orjson
import pandas as pd
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


def _roles(path: Path, encoding: str) -> list[dict[str, int]]:
    counter = TokenCounter(encoding)
    return [counter.example(orjson.loads(line), Shape.OPENAI_CHAT).by_role
            for line in path.read_bytes().splitlines()]


def test_cost_json_by_hand(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--format", "json", "--target", "gpt-4o-mini",
                                      "--target", "gpt-3.5-turbo", str(chats)])
    assert result.exit_code == 0, result.output
    mini, turbo = orjson.loads(result.output)
    billed = sum(_totals(chats, "o200k_base"))
    assert mini["billed_tokens"] == billed
    assert mini["epochs"] == default_epochs(150) == 3
    assert mini["cost_usd"]["low"] == mini["cost_usd"]["high"] == pytest.approx(
        billed * 3 * 3.00 / 1e6, abs=1e-4)
    assert turbo["billed_tokens"] == sum(_totals(chats, "cl100k_base"))
    assert mini["as_of"] == "2025-08-10" and "platform.openai.com" in mini["source"]
    assert "break_even" not in mini  # only with --requests-per-month


def test_break_even_json_is_the_worked_example(chats: Path) -> None:
    """docs/cost.md, example 1: $45.00 against $30.00 a month; with every request a cache
    hit, $30.60 against $30.00; fine-tuned gpt-3.5-turbo never pays."""
    args = ["cost", "--format", "json", "--target", "gpt-4o-mini", "--target", "gpt-3.5-turbo",
            "--requests-per-month", "100000", "--prompt-tokens", "2000", "--user-tokens", "200",
            "--output-tokens", "200", str(chats)]
    mini, turbo = orjson.loads(CliRunner().invoke(cli, args).output)
    be = mini["break_even"]
    training = billed = sum(_totals(chats, "o200k_base")) * 3 * 3.00 / 1e6
    assert be["prompted"]["monthly_usd"] == pytest.approx(45.00)
    assert be["fine_tuned"]["monthly_usd"] == pytest.approx(30.00)
    assert be["prompted"]["cached_tokens"] == 1920 and be["cache_hit_rate"] == 0
    assert be["monthly_saving_usd"] == pytest.approx(15.00)
    assert be["months_to_repay"]["low"] == pytest.approx(billed / 15.00)
    assert be["break_even_requests_per_month"]["high"] == pytest.approx(
        training / (12 * 0.00015))
    assert be["token_sources"]["user_tokens"] == "--user-tokens"
    assert turbo["break_even"]["never_pays"] is True
    assert turbo["break_even"]["months_to_repay"] is None
    assert turbo["break_even"]["break_even_requests_per_month"] is None
    cached = orjson.loads(CliRunner().invoke(cli, [*args, "--cache-hit-rate", "1"]).output)
    assert cached[0]["break_even"]["prompted"]["monthly_usd"] == pytest.approx(30.60)
    assert cached[0]["break_even"]["monthly_saving_usd"] == pytest.approx(0.60)


def test_tokens_per_request_default_to_the_files_medians(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--format", "json", "--target", "gpt-4o-mini",
                                      "--requests-per-month", "1000", str(chats)])
    be = orjson.loads(result.output)[0]["break_even"]
    roles = _roles(chats, "o200k_base")
    systems = sorted(r["system"] for r in roles if r.get("system"))
    assert be["prompt_tokens"] == float(pd.Series(systems).median())
    assert be["user_tokens"] == float(pd.Series([r.get("user", 0) for r in roles]).median())
    assert be["output_tokens"] == float(
        pd.Series([r.get("assistant", 0) for r in roles]).median())
    assert be["token_sources"]["prompt_tokens"] == "the file's median system prompt"


def test_break_even_text_puts_both_options_side_by_side(chats: Path) -> None:
    result = CliRunner().invoke(cli, [
        "cost", "--target", "gpt-4.1-mini", "--requests-per-month", "100000",
        "--prompt-tokens", "2000", "--user-tokens", "200", "--output-tokens", "200",
        "--cache-hit-rate", "1", str(chats)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "base model + prompt   fine-tuned, no prompt" in out
    assert "$62.40" in out and "$80.00" in out and "−$17.60" in out
    assert "Fine-tuning never pays here" in out
    assert "a cache hit covers 1,920 of the 2,000 prompt tokens" in out
    assert "as of 2025-08-10" in out


@pytest.mark.parametrize("option", [["--cache-hit-rate", "0.5"], ["--prompt-tokens", "10"],
                                    ["--horizon-months", "6"]])
def test_break_even_options_need_a_volume(chats: Path, option: list[str]) -> None:
    result = CliRunner().invoke(cli, ["cost", *option, str(chats)])
    assert result.exit_code == 2
    assert "give --requests-per-month too" in result.output


@pytest.mark.parametrize(("text", "message"), [
    ('["tiny"]\nprovider = "trl"\nencoding = "o200k_base"\ntoken_limit = 100\n',
     "[tiny] lacks the table [tiny.training]"),
    ('["llama-3-8b-lora".training]\nthroughput_low = 0\n',
     "[llama-3-8b-lora.training] throughput_low must be a number > 0"),
    ('["gpt-4o-mini-2024-07-18".fine_tuned]\ninput = "0.30"\n',
     "[gpt-4o-mini-2024-07-18.fine_tuned] input must be a number >= 0 (dollars per 1M input "
     "tokens), not '0.30'"),
    ('["gpt-4o-mini-2024-07-18".base]\noutput = nan\n',
     "[gpt-4o-mini-2024-07-18.base] output must be a number >= 0 (dollars per 1M output "
     "tokens), not nan"),
    ('["gpt-4o-mini-2024-07-18"]\ntoken_limit = true\n',
     "[gpt-4o-mini-2024-07-18] token_limit must be a whole number > 0 (tokens per training "
     "example), not true"),
])
@pytest.mark.parametrize("command", ["cost", "validate", "export"])
def test_a_bad_targets_file_is_a_usage_error(tmp_path: Path, chats: Path, text: str,
                                             message: str, command: str) -> None:
    targets = tmp_path / "my.toml"
    targets.write_text(text)
    extra = ["--to", "openai", "-o", str(tmp_path / "out.jsonl")] if command == "export" else []
    result = CliRunner().invoke(cli, [command, "--targets", str(targets), *extra, str(chats)])
    assert result.exit_code == 2, result.output
    assert f"curator-cli: error: {targets}: {message}" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)


def test_validate_with_a_target_adds_the_limit_check(tmp_path: Path, chats: Path) -> None:
    targets = tmp_path / "t.toml"
    targets.write_text('["small"]\nprovider = "trl"\nencoding = "o200k_base"\n'
                       'token_limit = 200\n["small".training]\nper_1m = 1\n')
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


def test_the_hint_shows_what_caching_would_change(chats: Path) -> None:
    result = CliRunner().invoke(cli, [
        "cost", "--target", "gpt-4.1-mini", "--requests-per-month", "100000",
        "--prompt-tokens", "2000", "--user-tokens", "200", "--output-tokens", "200", str(chats)])
    assert "Fine-tuning saves $40.00 a month" in result.output
    assert ("With every request a cache hit (--cache-hit-rate 1) the prompted model costs "
            "$62.40 a month and fine-tuning never pays.") in result.output


def test_a_break_even_on_models_without_request_prices_is_a_usage_error(chats: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--target", "mistral", "--requests-per-month",
                                      "1000", str(chats)])
    assert result.exit_code == 2
    assert "mistral-7b-lora has no [mistral-7b-lora.base]" in result.output
    assert "in a --targets file" in result.output
