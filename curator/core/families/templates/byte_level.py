"""A byte-level BPE ``tokenizer.json`` (Llama 3, Qwen) as tiktoken ranks, when that gives
the same tokens.

tiktoken merges the adjacent pair whose joined bytes have the lowest rank; Hugging Face's BPE
merges the pair listed first in ``merges``. Where the merges are listed in the order of the
tokens they make, as BPE training lists them and as files converted from tiktoken (Llama 3's,
Qwen's) do, the two agree (checked on Qwen's and Llama 3.2's files; the tests check Qwen 2.5's
and a Llama 3-style file against transformers). The file must also split text with one regex
and then map bytes to characters (``ByteLevel`` without its own regex), normalise with NFC or
not at all, and match its added tokens as they are written. Anything else returns None and is
read with the ``tokenizers`` library.
"""

from __future__ import annotations

from typing import Any

Converted = tuple[dict[bytes, int], str, dict[str, int], bool]  # ranks, regex, added, nfc


def _byte_of_char() -> dict[str, int]:
    """GPT-2's byte-to-character table, inverted: the character that stands for each byte."""
    shown = [*range(33, 127), *range(161, 173), *range(174, 256)]
    chars = shown[:]
    extra = 0
    for byte in range(256):
        if byte not in shown:
            shown.append(byte)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(shown, chars, strict=True)}


BYTE_OF_CHAR = _byte_of_char()


def _pattern(pre: Any) -> str | None:
    """The split regex of ``Sequence[Split(regex, Isolated), ByteLevel(use_regex=false)]``."""
    if not isinstance(pre, dict) or pre.get("type") != "Sequence":
        return None
    steps = pre.get("pretokenizers")
    if not isinstance(steps, list) or len(steps) != 2:
        return None
    split, level = steps
    if not (isinstance(split, dict) and split.get("type") == "Split"
            and split.get("behavior") == "Isolated" and not split.get("invert")
            and isinstance(split.get("pattern"), dict)):
        return None
    if not (isinstance(level, dict) and level.get("type") == "ByteLevel"
            and level.get("use_regex") is False and not level.get("add_prefix_space")):
        return None
    regex = split["pattern"].get("Regex")
    return regex if isinstance(regex, str) else None


def _nfc(normalizer: Any) -> bool | None:
    """True for NFC, False for none; None for another normaliser."""
    if normalizer is None:
        return False
    if isinstance(normalizer, dict) and normalizer.get("type") == "NFC":
        return True
    return None


def _added(tokens: Any, normalised: bool) -> dict[str, int] | None:
    out: dict[str, int] = {}
    for token in tokens if isinstance(tokens, list) else []:
        if not isinstance(token, dict) or not isinstance(token.get("content"), str):
            return None
        if any(token.get(flag) for flag in ("lstrip", "rstrip", "single_word")):
            return None
        if normalised and token.get("normalized"):
            return None
        out[token["content"]] = int(token["id"])
    return out


def _ranks(vocab: Any) -> dict[bytes, int] | None:
    if not isinstance(vocab, dict):
        return None
    ranks: dict[bytes, int] = {}
    try:
        for text, rank in vocab.items():
            ranks[bytes(BYTE_OF_CHAR[c] for c in text)] = int(rank)
    except (KeyError, TypeError, ValueError):
        return None
    return ranks if len(set(ranks.values())) == len(ranks) else None


def _merges_agree(merges: Any, vocab: dict[str, int]) -> bool:
    """The merges are listed in the order of the tokens they make (then tiktoken's rank
    order is the merges' order)."""
    if not isinstance(merges, list):
        return False
    last = -1
    for merge in merges:
        left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
        joined = vocab.get(left + right)
        if joined is None or joined < last:
            return False
        last = joined
    return True


def as_ranks(found: dict[str, Any]) -> Converted | None:
    """The tokenizer as tiktoken ranks, its regex, its added tokens and whether it applies
    NFC; None when tiktoken would not give the same tokens."""
    model = found["model"]
    if model.get("type") != "BPE" or model.get("byte_fallback") or model.get("dropout"):
        return None
    if model.get("continuing_subword_prefix") or model.get("end_of_word_suffix"):
        return None
    pattern = _pattern(found.get("pre_tokenizer"))
    nfc = _nfc(found.get("normalizer"))
    vocab = model.get("vocab")
    if pattern is None or nfc is None or not isinstance(vocab, dict):
        return None
    added = _added(found.get("added_tokens"), nfc)
    ranks = _ranks(vocab)
    if added is None or ranks is None or not _merges_agree(model.get("merges"), vocab):
        return None
    return ranks, pattern, added, nfc
