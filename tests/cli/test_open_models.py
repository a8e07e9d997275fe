"""curator-cli with open models: exact counts and trained tokens in stats and cost, a
tokenizer of your own, and the template findings in validate's JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.model.resources import resource_path
from datagen.synth import write_chat_file


@pytest.fixture
def chats(tmp_path: Path) -> Path:
    path = tmp_path / "chats.jsonl"
    write_chat_file(str(path), 120, seed=7)
    return path


@pytest.fixture
def llama_ranks(tmp_path: Path) -> Path:
    """A tiktoken-format tokenizer.model (Meta's format; cl100k_base's ranks stand in)."""
    path = tmp_path / "Meta-Llama-3-8B-Instruct" / "tokenizer.model"
    path.parent.mkdir()
    path.write_bytes(gzip.decompress(resource_path("tokenizers", "cl100k_base.tiktoken.gz")
                                     .read_bytes()))
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_stats_of_an_open_model_show_its_trained_tokens(chats: Path) -> None:
    doc = orjson.loads(_run("stats", "--format", "json", "--target", "qwen2.5", str(chats)))
    assert doc["encoding"] == "qwen2.5" and doc["exact"] is True
    assert doc["chat_template"] == "TRL's qwen2_5_training.jinja"
    trained = doc["distributions"]["trained"]
    assert 0 < trained["mean"] < doc["distributions"]["total"]["mean"]
    assert doc["trained_tokens"] == pytest.approx(trained["mean"] * 120)
    text = _run("stats", "--target", "qwen2.5", "--max-length", "100", str(chats))
    assert "rendered with TRL's qwen2_5_training.jinja" in text
    assert "max_length 100 cuts" in text


def test_cost_counts_open_models_exactly_and_names_what_it_used(
        chats: Path, llama_ranks: Path) -> None:
    doc = orjson.loads(_run("cost", "--format", "json", "--target", "qwen2.5",
                            "--target", "llama-3-8b-lora", "--target", "llama-3-8b-qlora",
                            "--target", "gpt-4o-mini", str(chats)))
    qwen, lora, qlora, mini = doc
    assert qwen["tokens_exact"] and qwen["trained_tokens"] > 0
    assert qlora["billed_tokens"] == lora["billed_tokens"]  # one count for both
    assert not lora["tokens_exact"] and lora["tokens_counted_with"] == "llama3 ≈ cl100k_base"
    assert "chat_template" not in mini and mini["tokens_exact"]
    mine = orjson.loads(_run("cost", "--format", "json", "--target", "llama-3-8b-lora",
                             "--target", "llama-3-8b-qlora", "--target", "qwen2.5",
                             "--tokenizer", str(llama_ranks), str(chats)))
    # the file is Llama 3's: both Llama 3 targets use it, Qwen keeps its own
    assert [m["tokens_counted_with"] for m in mine] == [
        "Meta-Llama-3-8B-Instruct/tokenizer.model"] * 2 + ["qwen2.5"]
    assert all(m["tokens_exact"] for m in mine)
    assert mine[0]["billed_tokens"] == lora["billed_tokens"]  # the same ranks as the stand-in
    text = _run("cost", "--target", "llama-3-8b-lora", str(chats))
    assert "approximated with llama3 ≈ cl100k_base (--tokenizer gives the model's own)" in text


def test_cost_asks_which_model_a_tokenizer_belongs_to(chats: Path, llama_ranks: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", "--tokenizer", str(llama_ranks), str(chats)])
    assert result.exit_code == 2 and "--target" in result.output


def test_validate_reports_what_the_template_drops(tmp_path: Path) -> None:
    path = tmp_path / "tools.jsonl"
    call = {"role": "assistant", "content": None, "tool_calls": [{
        "id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}
    path.write_text(json.dumps({"messages": [
        {"role": "user", "content": "hi"}, call,
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
        {"role": "assistant", "content": "It is 42."}]}) + "\n", encoding="utf-8")
    doc = orjson.loads(_run("validate", "--format", "json", "--target", "llama-3-8b-lora",
                            "--select", "M", str(path)))
    codes = {(f["code"], f["path"]) for f in doc["files"][0]["findings"]}
    assert ("M001", "messages[1].tool_calls") in codes and ("M010", "") in codes
