"""Control tokens in the text (K001, K002): every format's tokens are found with their span,
in every text field, judged against the target; ordinary text with < and [ is left alone."""

from __future__ import annotations

from typing import Any

import pytest

from curator.core.engine.settings import default_settings
from curator.core.families.protocol import RowContext, Run
from curator.core.families.special_tokens import FAMILY
from curator.core.families.special_tokens.formats import FORMATS
from curator.core.families.special_tokens.judge import MAX_PER_FIELD
from curator.core.families.special_tokens.scan import Scanner, trie_pattern
from curator.core.model.findings import Finding, Severity
from curator.core.model.shapes import Shape
from curator.core.model.targets import CHAT_FORMATS
from curator.core.model.tiktoken_defs import special_tokens

U = {"role": "user", "content": "Where is my parcel?"}
A = {"role": "assistant", "content": "It ships tomorrow."}


def findings(value: dict[str, Any], shape: Shape = Shape.OPENAI_CHAT,
             target: str | None = None) -> list[Finding]:
    settings = default_settings(**({"target": target} if target else {}))
    check = FAMILY.start(Run(settings, shape))
    out: list[Finding] = []
    ctx = RowContext(shape, out)
    ctx.reset(7, value)
    check.row(ctx)
    return out


def test_openai_tokens_are_tiktoken_s_own() -> None:
    expected = set(special_tokens("cl100k_base")) | set(special_tokens("o200k_base"))
    assert set(FORMATS["openai"].tokens) == expected
    assert {"<|endoftext|>", "<|fim_suffix|>", "<|endofprompt|>"} <= expected


def test_the_table_knows_every_format_a_target_may_name() -> None:
    assert set(FORMATS) == set(CHAT_FORMATS)
    for chat in FORMATS.values():
        assert chat.source and chat.tokens


def test_every_token_of_every_format_is_found_with_its_span() -> None:
    scanner = Scanner()
    for chat in FORMATS.values():
        for token in chat.tokens:
            text = f"before {token} after"
            (hit,) = scanner.hits(text)
            assert (hit.start, hit.end, hit.token) == (7, 7 + len(token), token)
            assert chat in scanner.formats_of(token)


@pytest.mark.parametrize("token", [
    "<|reserved_special_token_0|>", "<|reserved_special_token_250|>", "<|reserved_200500|>",
    "<SPECIAL_42>", "[control_7]", "<|dummy_85|>", "<|vision_reserved_special_token_9|>"])
def test_numbered_runs_are_found_as_patterns(token: str) -> None:
    scanner = Scanner()
    assert [h.token for h in scanner.hits(f"x{token}y")] == [token]
    assert scanner.formats_of(token)


@pytest.mark.parametrize("text", [
    "a[i] < b[j] and x<y", "<div class='x'>hi</div>", "[the manual](https://x.y/z)",
    "<b>bold</b> and <i>it</i>", "[1, 2, 3]", "<|not_a_token|>", "[inst] lower case",
    "<|endoftext", "|endoftext|>", "<start_of_turn", "Ünïcødé <>[]"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert Scanner().hits(text) == []


def test_trie_pattern_prefers_the_longer_token() -> None:
    import re

    regex = re.compile(trie_pattern(["ab", "abc", "b"]))
    assert [m.group() for m in regex.finditer("abc ab b")] == ["abc", "ab", "b"]


def test_an_openai_special_token_is_an_error_with_path_span_and_fix() -> None:
    value = {"messages": [{"role": "user", "content": "Hi <|endoftext|> there"}, A]}
    (finding,) = findings(value)
    assert (finding.code, finding.severity) == ("K001", Severity.ERROR)
    assert finding.path == "messages[0].content" and finding.span == (3, 16)
    assert finding.line == 7
    assert "invalid token" in finding.message and r"`<\|endoftext|>`" in finding.message
    assert "U+200B" in finding.message


def test_another_format_s_token_is_a_warning_for_openai() -> None:
    value = {"messages": [U, {"role": "assistant", "content": "Done.<|im_end|>"}]}
    (finding,) = findings(value)
    assert (finding.code, finding.severity) == ("K002", Severity.WARNING)
    assert finding.path == "messages[1].content" and finding.span == (5, 15)
    assert "ChatML" in finding.message and "plain text" in finding.message


def test_an_open_model_target_errs_on_its_own_format() -> None:
    value = {"messages": [{"role": "user", "content": "<|eot_id|> and <|endoftext|>"}, A]}
    llama = findings(value, target="llama-3-8b-lora")
    assert [(f.code, f.span) for f in llama] == [("K001", (0, 10)), ("K002", (15, 28))]
    assert "Llama 3" in llama[0].message and "llama-3-8b-lora" in llama[0].message
    openai = findings(value)
    assert [f.code for f in openai] == ["K002", "K001"]
    qwen = findings({"messages": [U, {"role": "assistant", "content": (
        "<tool_call>{}</tool_call> <|im_end|>")}]}, target="qwen2.5-7b-qlora")
    assert [(f.code, f.span) for f in qwen] == [("K001", (26, 36))]  # <tool_call> is text


def test_every_text_field_is_scanned() -> None:
    tools = [{"type": "function", "function": {
        "name": "track", "description": "Track a parcel. [INST]",
        "parameters": {"type": "object", "properties": {"id": {
            "type": "string", "enum": ["<s>", "b"]}}}}}]
    value = {"messages": [
        {"role": "system", "content": [{"type": "text", "text": "ok"},
                                       {"type": "text", "text": "be <|endoftext|>"}]},
        {"role": "user", "content": "hi", "name": "x<|im_start|>"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "track", "arguments": '{"id": "<|fim_prefix|>"}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "[TOOL_RESULTS]"},
        A], "tools": tools}
    where = {(f.path, f.code) for f in findings(value)}
    assert where == {
        ("messages[0].content[1].text", "K001"),
        ("messages[1].name", "K002"),
        ("messages[2].tool_calls[0].function.arguments", "K001"),
        ("messages[3].content", "K002"),
        ("tools[0].function.description", "K002"),
        ("tools[0].function.parameters.properties.id.enum[0]", "K002")}


def test_trl_text_and_preference_parts_are_scanned() -> None:
    trl = findings({"prompt": "Q: <|begin_of_text|>", "completion": "A"},
                   Shape.TRL_PROMPT_COMPLETION)
    assert [(f.path, f.span) for f in trl] == [("prompt", (3, 20))]
    pref = findings({"input": {"messages": [U], "tools": [{"type": "function", "function": {
        "name": "f", "description": "<|endofprompt|>"}}]},
        "preferred_output": [A], "non_preferred_output": [
            {"role": "assistant", "content": "<eos>"}]}, Shape.OPENAI_PREFERENCE)
    assert {(f.path, f.code) for f in pref} == {
        ("input.tools[0].function.description", "K001"),
        ("non_preferred_output[0].content", "K002")}


def test_many_tokens_in_one_field_are_capped_and_counted() -> None:
    text = " ".join(["<|im_start|>"] * (MAX_PER_FIELD + 3))
    found = findings({"messages": [{"role": "user", "content": text}, A]})
    assert len(found) == MAX_PER_FIELD
    assert found[-1].message.endswith("(3 more in this field)")


def test_a_clean_example_has_no_finding() -> None:
    assert findings({"messages": [U, A]}) == []
    assert findings({"messages": [{"role": "user", "content": "a[0] <= b[1]"}, A]}) == []
