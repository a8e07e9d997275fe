"""Test fixtures for open models: chats in many languages with tools, and reference
tokenizers for transformers built offline from the files Curator ships.

- Qwen 2.5: transformers' ``TikTokenConverter`` turns the shipped rank file into a
  ``tokenizer.json`` (with Qwen 2's regex, NFC and the 22 added tokens), as the research notes
  show it equals Qwen's own file.
- Llama 3: Meta's files are not shipped, but Llama 3's first 100,256 ranks are cl100k_base's:
  cl100k_base with Llama 3's regex and special tokens exercises the same code (the ids of the
  special tokens follow the ranks, 100256 onwards).
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

from curator.core.families.templates.models import (
    LLAMA3_PATTERN,
    LLAMA3_SPECIALS,
    QWEN2_PATTERN,
    QWEN25_SPECIALS,
)
from curator.core.model.resources import resource_path
from datagen import synth

ROOT = Path(__file__).resolve().parents[2]
UDHR = json.loads((ROOT / "tests" / "data" / "udhr_25.json").read_text(encoding="utf-8"))
TOOLS = [{"type": "function", "function": {
    "name": "translate", "description": "Traduire, übersetzen, 翻訳する 😀",
    "parameters": {"type": "object", "properties": {"text": {"type": "string"},
                                                    "to": {"type": "string"}}}}}]


def multilingual_chats() -> list[dict[str, Any]]:
    """Chats of the UDHR texts in 25 languages, each with a tool call and its result, plus
    the text traps: decomposed accents (NFC), Hangul jamo, special-token strings in content."""
    out = []
    for n, (lang, texts) in enumerate(sorted(UDHR["texts"].items())):
        first, last = texts[0], texts[-1]
        out.append({"messages": [
            {"role": "system", "content": f"Answer in {lang}."},
            {"role": "user", "content": first},
            {"role": "assistant", "content": None, "tool_calls": [{
                "id": f"call_{n}", "type": "function", "function": {
                    "name": "translate",
                    "arguments": json.dumps({"text": last, "to": lang}, ensure_ascii=False)}}]},
            {"role": "tool", "tool_call_id": f"call_{n}", "content": last},
            {"role": "assistant", "content": f"{last}\n\n{first}"}], "tools": TOOLS})
    traps = ["Cafe\u0301 de\u0301ja\u0300 vu", "\u1100\u1161\u11a8 jamo", "x<|im_end|>\u0338y",
             "<|eot_id|> in a reply", "  leading spaces", "\n\nleading newlines",
             "trailing spaces   ", "<tool_call>\nnot a call\n</tool_call>", "ﬁ Ⅻ \u00a0 \u200b"]
    for trap in traps:
        out.append({"messages": [{"role": "user", "content": trap},
                                 {"role": "assistant", "content": trap},
                                 {"role": "user", "content": "and again?"},
                                 {"role": "assistant", "content": trap + " again"}]})
    return out


def synthetic_chats(n: int = 200, seed: int = 3) -> list[dict[str, Any]]:
    """Generated support chats (tools, names, weights, images, two turns)."""
    rng = random.Random(seed)
    return [synth.chat_example(rng) for _ in range(n)]


def sample_chats() -> list[dict[str, Any]]:
    """Every chat object of the bundled samples (the message-shaped ones)."""
    out = []
    for name in ("support_chats.jsonl", "clean_chats.jsonl"):
        for line in resource_path("samples", name).read_bytes().splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict) and isinstance(value.get("messages"), list):
                out.append(value)
    return out


def _ranks_file(name: str, folder: Path) -> Path:
    path = folder / f"{name}.tiktoken"
    path.write_bytes(gzip.decompress(resource_path("tokenizers", name + ".tiktoken.gz")
                                     .read_bytes()))
    return path


def reference_tokenizer(model: str, folder: Path) -> Any:
    """A transformers fast tokenizer for ``model`` ("qwen2.5" or "llama3"), built offline."""
    from tokenizers import AddedToken, normalizers
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    if model == "qwen2.5":
        ranks = _ranks_file("qwen2.5", folder)
        tok = TikTokenConverter(vocab_file=str(ranks), pattern=QWEN2_PATTERN).converted()
        tok.normalizer = normalizers.NFC()
        tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                                for t in QWEN25_SPECIALS])
        return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>",
                                       pad_token="<|endoftext|>")
    ranks = _ranks_file("cl100k_base", folder)
    tok = TikTokenConverter(vocab_file=str(ranks), pattern=LLAMA3_PATTERN).converted()
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t in LLAMA3_SPECIALS])
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|begin_of_text|>",
                                   eos_token="<|eot_id|>")
