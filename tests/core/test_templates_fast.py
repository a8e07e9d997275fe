"""The Python renderings of TRL's two training templates (templates/fast.py) give what Jinja
gives: the same text, the same tokens, the same trained turns, or the same error; and an
example they are not sure of is left to Jinja."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.engine.settings import default_settings
from curator.core.families.templates import templater_of
from curator.core.families.templates.example import Templater, prepared
from curator.core.families.templates.fast import Declined, fast_renderer
from curator.core.model.shapes import Shape
from tests.core.open_models import multilingual_chats, sample_chats, synthetic_chats

TARGETS = ("qwen2.5-7b-qlora", "llama-3-8b-lora")
TEXT = st.sampled_from(["Hello", " world", "\n", "\n\n", "  ", "é", "e\u0301", "你好", "😀",
                        "<|im_end|>", "<|eot_id|>", "<tool_call>", "{\"a\": 1}", "", "x",
                        "\t", "Привет", "123456"])
CONTENT = st.one_of(st.lists(TEXT, max_size=6).map("".join), st.none(),
                    st.just([{"type": "text", "text": "hi"}]), st.integers(-2, 2))
CALL = st.fixed_dictionaries({"type": st.just("function"), "function": st.fixed_dictionaries({
    "name": st.sampled_from(["f", "lookup"]),
    "arguments": st.one_of(st.just('{"q": "é"}'), st.just({}), st.just("not json"))})})
MESSAGE = st.fixed_dictionaries(
    {"role": st.sampled_from(["system", "user", "assistant", "tool", "developer", "function"]),
     "content": CONTENT},
    optional={"tool_calls": st.lists(CALL, max_size=2), "name": st.just("n")})
TOOLS = st.one_of(st.none(), st.just([]), st.just([{"type": "function", "function": {
    "name": "f", "parameters": {"type": "object"}}}]), st.just("[1, 2]"))


@pytest.fixture(scope="module")
def templaters() -> dict[str, Templater]:
    out = {}
    for target in TARGETS:
        templater = templater_of(default_settings(target=target), Shape.OPENAI_CHAT)
        assert templater is not None and templater.fast is not None
        out[target] = templater
    return out


def _outcome(call: Any) -> Any:
    try:
        found = call()
    except Declined:
        raise
    except Exception as exc:
        return type(exc), str(exc)
    return found.total, found.turns, found.lost, found.open_ends


def _same(templater: Templater, value: dict[str, Any]) -> bool:
    found = prepared(value)
    if found is None:
        return True
    messages, tools = found
    fast = _outcome(lambda: templater.count(messages, tools))
    slow = _outcome(lambda: templater.rendered(messages, tools))
    assert fast == slow, value
    pieces = templater._pieces(messages, tools) if not isinstance(slow[0], type) else None
    if pieces is not None:
        assert "".join(text for text, _ in pieces.done()) == templater.rendered(
            messages, tools).text, value
    return pieces is not None


@pytest.mark.parametrize("target", TARGETS)
def test_the_fast_way_equals_jinja_on_real_chats(templaters: dict[str, Templater],
                                                 target: str) -> None:
    chats = sample_chats() + synthetic_chats(300) + multilingual_chats()
    fast = sum(_same(templaters[target], value) for value in chats)
    assert fast > len(chats) * 0.8  # most take the fast way


@settings(max_examples=400, deadline=None)
@given(messages=st.lists(MESSAGE, min_size=1, max_size=6), tools=TOOLS)
def test_the_fast_way_equals_jinja_on_odd_chats(templaters: dict[str, Templater],
                                                messages: list[dict[str, Any]],
                                                tools: Any) -> None:
    value: dict[str, Any] = {"messages": messages}
    if tools is not None:
        value["tools"] = tools
    for templater in templaters.values():
        _same(templater, value)


def test_only_the_shipped_training_templates_have_a_fast_way() -> None:
    assert fast_renderer("{{ messages }}") is None
