from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest

from curator.core.families.tokens import counter as tokens
from curator.core.families.tokens.counter import TokenCounter, TokenizerError, get_encoding
from curator.core.model.schema import Shape


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    get_encoding.cache_clear()


@pytest.mark.usefixtures("no_network")
def test_encodings_load_offline_and_give_tiktokens_ids() -> None:
    # Reference ids published by tiktoken for these encodings.
    assert get_encoding("cl100k_base").encode_ordinary("hello world") == [15339, 1917]
    assert get_encoding("o200k_base").encode_ordinary("hello world") == [24912, 2375]
    assert get_encoding("o200k_base").n_vocab == 200019


def test_a_corrupt_tokenizer_file_is_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "tokenizers"
    folder.mkdir()
    (folder / "cl100k_base.tiktoken.gz").write_bytes(gzip.compress(b"aGk= 0\n"))
    monkeypatch.setattr(tokens, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path / "cache"))  # nothing decoded yet
    get_encoding.cache_clear()
    try:
        with pytest.raises(TokenizerError, match="does not match tiktoken's expected"):
            get_encoding("cl100k_base")
    finally:
        get_encoding.cache_clear()


def test_decoded_ranks_are_cached_and_a_damaged_cache_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path))
    get_encoding.cache_clear()
    try:
        first = get_encoding("cl100k_base").encode_ordinary("Grüße aus Köln")
        (cached,) = (tmp_path / "tokenizers").iterdir()
        data = bytearray(cached.read_bytes())
        data[-5] ^= 0xFF  # one byte of the ranks changed: its sha256 no longer matches
        cached.write_bytes(bytes(data))
        get_encoding.cache_clear()
        assert get_encoding("cl100k_base").encode_ordinary("Grüße aus Köln") == first
        assert cached.read_bytes() != bytes(data)  # decoded again and cached anew
    finally:
        get_encoding.cache_clear()


def test_chat_formula_by_hand() -> None:
    enc = get_encoding("o200k_base")

    def n(text: str) -> int:
        return len(enc.encode_ordinary(text))

    value = {"messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Weather in Paris?", "name": "ana"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function",
            "function": {"name": "weather", "arguments": "{\"city\": \"Paris\"}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
        {"role": "assistant", "content": "Sunny.", "weight": 1},
        {"role": "user", "content": [{"type": "text", "text": "And this?"},
                                     {"type": "image_url", "image_url": {"url": "x"}}]},
        {"role": "assistant", "content": "A cat.", "weight": 0},
    ], "tools": [{"type": "function", "function": {"name": "weather"}}]}
    counts = TokenCounter("o200k_base").example(value, Shape.OPENAI_CHAT)
    system = 3 + n("system") + n("You are terse.")
    user = (3 + n("user") + n("Weather in Paris?") + n("ana") + 1
            + 3 + n("user") + n("And this?") + 85)
    call = 3 + n("assistant") + 3 + n("weather") + n("{\"city\": \"Paris\"}")
    reply = 3 + n("assistant") + n("Sunny.")
    untrained = 3 + n("assistant") + n("A cat.")
    tool = 3 + n("tool") + n("sunny")
    tools_json = n('[{"type":"function","function":{"name":"weather"}}]')
    assert counts.by_role == {"system": system, "user": user,
                              "assistant": call + reply + untrained, "tool": tool,
                              "tools": tools_json}
    assert counts.total == system + user + call + reply + untrained + tool + tools_json + 3
    assert counts.trained == call + reply
    assert counts.messages == 7
    assert counts.shortest_reply == n("Sunny.") and counts.shortest_reply_at == 4


def test_prompt_completion_counts_the_completion_as_trained() -> None:
    enc = get_encoding("cl100k_base")
    counts = TokenCounter("cl100k_base").example(
        {"prompt": "2+2=", "completion": " 4"}, Shape.TRL_PROMPT_COMPLETION)
    prompt = 3 + len(enc.encode_ordinary("user")) + len(enc.encode_ordinary("2+2="))
    completion = 3 + len(enc.encode_ordinary("assistant")) + len(enc.encode_ordinary(" 4"))
    assert counts.total == prompt + completion + 3
    assert counts.trained == completion


def test_deep_tool_arguments_do_not_crash() -> None:
    deep: object = {}
    for _ in range(400):
        deep = {"a": deep}
    counter = TokenCounter()
    value = {"messages": [{"role": "assistant", "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": deep}}]}]}
    assert counter.example(value, Shape.OPENAI_CHAT).total > 0


@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_captured_ids_are_encode_ordinarys(encoding: str) -> None:
    """The ids kept for other families (through tiktoken's buffer) are the ids
    ``encode_ordinary`` gives, special tokens written in the text and lone surrogates
    included."""
    counter = TokenCounter(encoding)
    counter.capture = frozenset({"user", "assistant"})
    texts = ["hi <|endoftext|> there <|im_start|>user", "日本語のテキスト, русский текст",
             "a lone \ud800 surrogate", "<|fim_prefix|>" * 3, ""]
    value = {"messages": [{"role": "user" if i % 2 else "assistant", "content": text}
                          for i, text in enumerate(texts)]}
    counter.example(value, Shape.OPENAI_CHAT)
    encode = get_encoding(encoding).encode_ordinary
    assert list(counter.captured) == [i for text in texts for i in encode(text)]
    assert [n for *_, n in counter.segments] == [len(encode(text)) for text in texts]
