"""Open models' tokenizers: the shipped Qwen 2.5 ranks (hash-checked, with Qwen 2.5's added
tokens and NFC), user files (tokenizer.json converted to tiktoken ranks or read with the
tokenizers library), and what is refused."""

from __future__ import annotations

import copy
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from curator.core.families.templates import tokenizer_files
from curator.core.families.templates.byte_level import as_ranks
from curator.core.families.templates.tokenizer_files import (
    TokenizerFileError,
    from_file,
    shipped,
)
from curator.core.families.templates.tokenizers import LibraryTokenizer, trie_pattern
from curator.core.model.resources import resource_path


def test_qwen25_has_its_own_added_tokens_not_qwen1s() -> None:
    qwen = shipped("qwen2.5")
    text = '<|im_start|>assistant\n<tool_call>\n{"name": "f"}\n</tool_call><|im_end|>'
    # the ids of Qwen2.5-7B-Instruct's tokenizer.json (the research notes, section 1)
    assert qwen.encode_chat(text).ids == [151644, 77091, 198, 151657, 198, 4913, 606, 788, 330,
                                          69, 16707, 151658, 151645]
    assert qwen.exact and qwen.specials["<|file_sep|>"] == 151664


def test_qwen25_normalises_to_nfc_between_added_tokens() -> None:
    qwen = shipped("qwen2.5")
    assert qwen.encode_ordinary("Cafe\u0301") == qwen.encode_ordinary("Café")
    decomposed = qwen.encode_chat("<|im_start|>Cafe\u0301<|im_end|>")
    assert decomposed.ids == qwen.encode_chat("<|im_start|>Café<|im_end|>").ids
    # a mark right after an added token stays outside it (as in transformers)
    assert qwen.encode_chat("<|im_end|>\u0338").ids[0] == qwen.specials["<|im_end|>"]


def test_a_corrupt_shipped_rank_file_is_refused(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tokenizers").mkdir()
    (tmp_path / "tokenizers" / "qwen2.5.tiktoken.gz").write_bytes(gzip.compress(b"aGk= 0\n"))
    monkeypatch.setattr(tokenizer_files, "resource_path", lambda *p: tmp_path.joinpath(*p))
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path / "empty cache"))
    shipped.cache_clear()
    try:
        with pytest.raises(TokenizerFileError, match="reinstall Curator"):
            shipped("qwen2.5")
    finally:
        shipped.cache_clear()


def test_added_tokens_match_longest_first() -> None:
    pattern = re.compile(trie_pattern(["<a>", "<a>b", "<|x|>"]))
    assert [m.group() for m in pattern.finditer("<a>b <a> <|x|>")] == ["<a>b", "<a>", "<|x|>"]


def _qwen_json(tmp_path: Path) -> dict[str, Any]:
    """A small byte-level BPE tokenizer.json of the Llama 3 / Qwen kind."""
    vocab = {"a": 0, "b": 1, "Ġ": 2, "ab": 3, "Ġa": 4}
    return {"model": {"type": "BPE", "vocab": vocab, "merges": ["a b", "Ġ a"],
                      "byte_fallback": False},
            "normalizer": None,
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": r"\s?\p{L}+"}, "behavior": "Isolated",
                 "invert": False},
                {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False}]},
            "added_tokens": [{"id": 5, "content": "<|end|>", "special": True,
                              "normalized": False, "lstrip": False, "rstrip": False,
                              "single_word": False}]}


def test_a_byte_level_tokenizer_json_becomes_tiktoken_ranks(tmp_path: Path) -> None:
    found = _qwen_json(tmp_path)
    converted = as_ranks(found)
    assert converted is not None
    ranks, _, added, nfc = converted
    assert ranks[b" a"] == 4 and added == {"<|end|>": 5} and not nfc
    path = tmp_path / "tokenizer.json"
    path.write_text(json.dumps(found), encoding="utf-8")
    tokenizer = from_file(path, None)
    assert tokenizer.encode_chat("ab a<|end|>").ids == [3, 4, 5]


@pytest.mark.parametrize("change", [
    lambda t: t.update(normalizer={"type": "NFKC"}),
    lambda t: t["model"].update(byte_fallback=True),
    lambda t: t["model"].update(merges=["Ġ a", "a b"]),  # not in the order of the tokens made
    lambda t: t["added_tokens"][0].update(lstrip=True),
    lambda t: t.update(pre_tokenizer={"type": "Metaspace"}),
])
def test_other_tokenizer_jsons_are_left_to_the_tokenizers_library(
        tmp_path: Path, change: Any) -> None:
    found = copy.deepcopy(_qwen_json(tmp_path))
    change(found)
    assert as_ranks(found) is None


def _sentencepiece_like(tmp_path: Path) -> Path:
    """A Metaspace BPE (Mistral's kind), trained on a few words."""
    tokenizers = pytest.importorskip("tokenizers")
    from tokenizers import models, pre_tokenizers, trainers

    tok = tokenizers.Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = tokenizers.decoders.Metaspace()
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["<unk>", "<s>", "</s>",
                                                                   "[INST]", "[/INST]"])
    tok.train_from_iterator(["hello world, how are you?", "fine thanks", "[INST] hi"] * 20,
                            trainer)
    path = tmp_path / "mistral" / "tokenizer.json"
    path.parent.mkdir()
    tok.save(str(path))
    return path


def test_a_sentencepiece_style_tokenizer_json_is_read_with_the_library(tmp_path: Path) -> None:
    path = _sentencepiece_like(tmp_path)
    tokenizer = from_file(path, "mistral")
    assert isinstance(tokenizer, LibraryTokenizer)
    text = "[INST] hello world[/INST] fine</s>"
    encoded = tokenizer.encode_chat(text)
    expected = tokenizer.tokenizer.encode(text, add_special_tokens=False)
    assert encoded.ids == expected.ids and encoded.ids[0] == tokenizer.specials["[INST]"]
    assert [encoded.char_spans(i, i + 1) for i in range(len(encoded.ids))] == [
        tuple(o) for o in expected.offsets]


def test_without_the_tokenizers_library_the_error_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sentencepiece_like(tmp_path)
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    tokenizer_files._tokenizer_json.cache_clear()
    try:
        with pytest.raises(TokenizerFileError, match=r"pip install 'curator\[open-models\]'"):
            from_file(path, "mistral")
    finally:
        tokenizer_files._tokenizer_json.cache_clear()


def test_files_that_are_no_tokenizer_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello there\n", encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="line 1"):
        from_file(text, "llama3")
    ranks = resource_path("tokenizers", "qwen2.5.tiktoken.gz")
    with pytest.raises(TokenizerFileError, match="SentencePiece"):
        from_file(ranks, "qwen2.5")  # gzip bytes are not a tokenizer


def test_the_shipped_ranks_are_decoded_once_then_read_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path))
    shipped.cache_clear()
    try:
        first = shipped("qwen2.5").encode_ordinary("hello world")
        assert list((tmp_path / "tokenizers").glob("qwen2.5.tiktoken.gz-*.marshal"))
        shipped.cache_clear()
        monkeypatch.setattr(tokenizer_files, "_decoded", None)  # the cache serves it
        assert shipped("qwen2.5").encode_ordinary("hello world") == first
    finally:
        shipped.cache_clear()
