"""The templates family's findings on planted examples, its metrics, and how the tokens family
takes its counts from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings, load_settings
from curator.core.families.templates.settings import TRL_MAX_LENGTH
from curator.core.model.findings import Finding, Severity
from curator.core.model.resources import resource_path
from curator.core.model.settings import Settings, SettingsError

QUESTION = {"role": "user", "content": "Where is order 12345?"}
CALL = {"role": "assistant", "content": None, "tool_calls": [{
    "id": "call_1", "type": "function",
    "function": {"name": "lookup_order", "arguments": "{\"order_id\": \"12345\"}"}}]}
RESULT = {"role": "tool", "tool_call_id": "call_1", "content": "{\"status\": \"shipped\"}"}
ANSWER = {"role": "assistant", "content": "It has shipped."}
TOOLS = [{"type": "function", "function": {"name": "lookup_order", "parameters": {
    "type": "object", "properties": {"order_id": {"type": "string"}}}}}]
LONG = " ".join(["word"] * 1500)  # about 1,500 tokens


def _check(tmp_path: Path, rows: list[dict[str, Any]], **values: Any
           ) -> tuple[list[Finding], Any]:
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    analysis = finish(validate_path(path, default_settings(**values)))
    return analysis.report.findings, analysis


def _codes(findings: list[Finding]) -> list[tuple[int, str, str]]:
    return [(f.line, f.code, f.path) for f in findings if f.code.startswith("M")]


def test_a_tool_call_the_llama3_template_drops_is_reported(tmp_path: Path) -> None:
    rows = [{"messages": [QUESTION, CALL, RESULT, ANSWER], "tools": TOOLS},
            {"messages": [QUESTION, ANSWER]}]
    found, _ = _check(tmp_path, rows, target="llama-3-8b-lora")
    assert (1, "M001", "messages[1].tool_calls") in _codes(found)
    assert (1, "M003", "tools") in _codes(found)
    assert not [c for c in _codes(found) if c[0] == 2]
    message = next(f.message for f in found if f.code == "M001")
    assert "llama3_training.jinja" in message and "tool calls" in message
    # Qwen 2.5's template writes them
    found, _ = _check(tmp_path, rows, target="qwen2.5-7b-qlora")
    assert not [c for c in _codes(found) if c[1] in ("M001", "M003")]


def test_an_answer_fully_cut_at_max_length_is_reported_with_its_lost_tokens(
        tmp_path: Path) -> None:
    rows = [{"messages": [{"role": "user", "content": LONG}, ANSWER]},
            {"messages": [QUESTION, {"role": "assistant", "content": LONG}]},
            {"messages": [QUESTION, ANSWER]}]
    found, analysis = _check(tmp_path, rows, target="qwen2.5-7b-qlora")
    frame = analysis.metrics
    cut = next(f for f in found if f.code == "M007")
    assert cut.line == 1 and cut.severity is Severity.ERROR
    lost = int(frame.loc[1, "template_lost"])
    assert lost == int(frame.loc[1, "template_trained"]) > 0
    assert f"all {lost:,} trained tokens" in cut.message and "max_length 1,024" in cut.message
    partly = next(f for f in found if f.code == "M006")
    assert partly.line == 2 and f"last {int(frame.loc[2, 'template_lost']):,}" in partly.message
    assert 0 < frame.loc[2, "template_lost"] < frame.loc[2, "template_trained"]
    assert frame.loc[3, "template_lost"] == 0
    # a longer max_length keeps them
    found, _ = _check(tmp_path, rows, target="qwen2.5-7b-qlora", max_length=4096)
    assert not [c for c in _codes(found) if c[1] in ("M006", "M007")]
    found, _ = _check(tmp_path, rows, target="qwen2.5-7b-qlora", max_length=0)
    assert not [c for c in _codes(found) if c[1] in ("M006", "M007")]


def test_rendered_counts_are_the_tokens_totals(tmp_path: Path) -> None:
    rows = [{"messages": [QUESTION, CALL, RESULT, ANSWER], "tools": TOOLS},
            {"messages": [{"role": "system", "content": "Be brief."}, QUESTION, ANSWER]}]
    _, analysis = _check(tmp_path, rows, target="qwen2.5-7b-qlora")
    frame = analysis.metrics
    assert list(frame["total"]) == list(frame["template_tokens"])
    assert list(frame["trained"]) == list(frame["template_trained"])
    assert (frame["trained"] < frame["total"]).all() and (frame["trained"] > 0).all()
    # an OpenAI target renders nothing and counts with the formula
    _, analysis = _check(tmp_path, rows, target="gpt-4o-mini")
    assert (analysis.metrics["template_tokens"] == 0).all()
    assert analysis.settings.core.target is not None


def test_messages_the_template_drops_and_examples_with_nothing_trained(tmp_path: Path) -> None:
    rows = [{"messages": [{"role": "developer", "content": "Be brief."}, QUESTION, ANSWER]},
            {"messages": [QUESTION]}]
    found, _ = _check(tmp_path, rows, target="qwen2.5-7b-qlora")
    assert (1, "M002", "messages[0]") in _codes(found)
    assert (2, "M004", "messages") in _codes(found)


def _template(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.jinja"
    path.write_text(text, encoding="utf-8")
    return path


UNTRAINED_END = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}"
    "{% else %}{{ m.content }}{% endif %}<|im_end|>\n{% endfor %}")
STRICT = ("{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}"
          "{{ raise_exception('Conversation roles must alternate user/assistant') }}"
          "{% endif %}{{ m.role }}: {{ m.content }}\n{% endfor %}")


def test_an_end_of_turn_token_outside_the_trained_span_is_reported(tmp_path: Path) -> None:
    mine = _template(tmp_path, UNTRAINED_END)
    found, _ = _check(tmp_path, [{"messages": [QUESTION, ANSWER]}],
                      target="qwen2.5-7b-qlora", chat_template=mine)
    end = next(f for f in found if f.code == "M005")
    assert end.path == "messages[1]" and "<|im_end|>" in end.message


def test_a_template_that_refuses_an_example_and_one_without_markers(tmp_path: Path) -> None:
    mine = _template(tmp_path, STRICT)
    rows = [{"messages": [QUESTION, ANSWER]}, {"messages": [QUESTION, QUESTION, ANSWER]}]
    found, analysis = _check(tmp_path, rows, target="qwen2.5-7b-qlora", chat_template=mine)
    refused = next(f for f in found if f.code == "M008")
    assert refused.line == 2 and "roles must alternate" in refused.message
    assert refused.severity is Severity.ERROR
    assert (0, "M009", "") in _codes(found)  # no {% generation %}: every token is trained
    frame = analysis.metrics
    assert frame.loc[1, "template_trained"] == frame.loc[1, "template_tokens"] > 0


def test_a_known_original_template_is_swapped_for_trls_training_one(tmp_path: Path) -> None:
    original = resource_path("chat_templates", "qwen2_5.jinja")
    found, analysis = _check(tmp_path, [{"messages": [QUESTION, ANSWER]}],
                             target="qwen2.5-7b-qlora", chat_template=original)
    assert not [c for c in _codes(found) if c[1] == "M009"]
    assert 0 < analysis.metrics.loc[1, "template_trained"] < analysis.metrics.loc[
        1, "template_tokens"]


def test_llama3_without_its_tokenizer_is_approximate_and_says_so(tmp_path: Path) -> None:
    found, _ = _check(tmp_path, [{"messages": [QUESTION, ANSWER]}], target="llama-3-8b-lora")
    note = next(f for f in found if f.code == "M010")
    assert note.severity is Severity.INFO and "--tokenizer" in note.message
    found, _ = _check(tmp_path, [{"messages": [QUESTION, ANSWER]}], target="qwen2.5-7b-qlora")
    assert "M010" not in [f.code for f in found]


def test_the_default_max_length_is_trls() -> None:
    settings = default_settings()
    from curator.core.families.templates.settings import TemplateSettings

    assert settings.of(TemplateSettings).max_length == TRL_MAX_LENGTH == 1024


def test_bad_tokenizer_and_template_files_are_refused_naming_the_flag(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(SettingsError, match=r"--tokenizer.*nope\.json"):
        default_settings(target="llama-3-8b-lora", tokenizer=missing)
    sentencepiece = tmp_path / "tokenizer.model"
    sentencepiece.write_bytes(b"\n\x0e\n\x05<unk>\x15\x00\x00\x00\x00\x18\x02")
    with pytest.raises(SettingsError, match=r"tokenizer\.json"):
        default_settings(target="llama-3-8b-lora", tokenizer=sentencepiece)
    broken = _template(tmp_path, "{% for m in messages %}")
    with pytest.raises(SettingsError, match=r"--chat-template.*line 1"):
        default_settings(target="qwen2.5-7b-qlora", chat_template=broken)


def test_a_tiktoken_format_tokenizer_model_is_read_with_the_models_rules(
        tmp_path: Path) -> None:
    import gzip

    ranks = tmp_path / "tokenizer.model"  # Meta ships Llama 3's ranks in this format
    ranks.write_bytes(gzip.decompress(resource_path("tokenizers", "cl100k_base.tiktoken.gz")
                                      .read_bytes()))
    rows = [{"messages": [QUESTION, ANSWER]}]
    found, analysis = _check(tmp_path, rows, target="llama-3-8b-lora", tokenizer=ranks)
    assert "M010" not in [f.code for f in found]
    _, approximate = _check(tmp_path, rows, target="llama-3-8b-lora")
    assert list(analysis.metrics["total"]) == list(approximate.metrics["total"])


def test_config_paths_are_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    mine = tmp_path / "templates" / "mine.jinja"
    mine.write_text(STRICT, encoding="utf-8")
    (tmp_path / "curator.toml").write_text(
        'target = "qwen2.5-7b-qlora"\nchat_template = "templates/mine.jinja"\n'
        "max_length = 2048\n", encoding="utf-8")
    settings: Settings = load_settings(start=tmp_path)
    from curator.core.families.templates.settings import TemplateSettings

    own = settings.of(TemplateSettings)
    assert own.chat_template == mine and own.max_length == 2048
