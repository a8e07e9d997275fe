"""Open models' tokenizers, as chat templates need them: ids, where each token lies in the
text, and the special (added) tokens.

Two kinds, one interface (:class:`ChatTokenizer`):

- :class:`TiktokenTokenizer`: byte-level BPE ranks in tiktoken (Qwen 2.5's shipped ranks, a
  Llama 3 ``tokenizer.model`` or a ``tokenizer.json`` of that kind converted on load). Added
  tokens are matched anywhere in the text first, as Hugging Face's tokenizers match them;
  with ``nfc`` each piece between them is normalised to NFC first (Qwen). Where a token lies
  is computed from the byte lengths of the tokens, so a whole chat is one tiktoken call.
- :class:`LibraryTokenizer`: any other ``tokenizer.json`` (Mistral's SentencePiece-style
  BPE), read with the ``tokenizers`` library, which gives the offsets itself.

Token positions follow transformers: a token covers the characters its bytes belong to, and a
token is trained when its characters overlap a ``{% generation %}`` span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import tiktoken


@dataclass
class Encoded:
    """A text's token ids and where each token starts and ends: byte offsets into the text's
    UTF-8 (``in_bytes``) or character offsets."""

    text: str
    ids: list[int]
    starts: np.ndarray
    ends: np.ndarray
    in_bytes: bool

    def _at(self, char: int) -> int:
        if not self.in_bytes or char == 0:
            return char
        if char == len(self.text) and self.ends.size:
            return int(self.ends[-1])
        return len(self.text[:char].encode("utf-8", "surrogatepass"))

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """The tokens whose characters overlap characters ``[start, end)``: ``[first, stop)``."""
        first = int(np.searchsorted(self.ends, self._at(start), side="right"))
        stop = int(np.searchsorted(self.starts, self._at(end), side="left"))
        return first, max(first, stop)

    def char_spans(self, first: int, stop: int) -> tuple[int, int]:
        """The characters tokens ``[first, stop)`` cover (the app's highlighting)."""
        if first >= stop:
            return 0, 0
        low, high = int(self.starts[first]), int(self.ends[stop - 1])
        if not self.in_bytes:
            return low, high
        return _char_of(self.text, low), _char_of(self.text, high, end=True)


def _char_of(text: str, byte: int, end: bool = False) -> int:
    """The character holding UTF-8 byte ``byte`` of ``text`` (for an end: just after it)."""
    data = text.encode("utf-8", "surrogatepass")
    if end:
        return len(data[:byte].decode("utf-8", "ignore")) + (
            1 if byte < len(data) and byte > 0 and 0x80 <= data[byte] < 0xC0 else 0)
    return len(data[:byte].decode("utf-8", "ignore"))


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, the longest where one begins another, built as a
    trie so that a text is scanned once (an alternation of 256 Llama 3 tokens is slow)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alternatives = [re.escape(char) + build(child)
                        for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else (
            "(?:" + "|".join(alternatives) + ")")
        return f"(?:{body})?" if "" in node else body

    return build(trie)


MEMO_SIZE = 20_000


class ChatTokenizer:
    """What the templates family asks of a tokenizer."""

    name: str  # what counted: "qwen2.5", "llama3 ≈ cl100k_base", a file name
    exact: bool  # the model's own tokenizer (not an approximation)
    specials: dict[str, int]  # added tokens by text
    pieces: bool = False  # a text's tokens are its pieces' (between added tokens), joined
    memo: dict[str, list[int]]  # tokens of texts seen lately (with ``pieces``)
    marker: str | None = None  # a character every added token starts with, if one does

    def encode_ordinary(self, text: str) -> list[int]:
        """A text's tokens, special-token strings counted as text (the token formula)."""
        raise NotImplementedError

    def split(self, text: str) -> Iterator[tuple[int, int, int | None]]:
        """``(start, end, id of the added token or None)`` of each piece of ``text``: the
        added tokens and the text between them (possibly empty)."""
        yield 0, len(text), None

    def forget(self) -> None:
        """Drop what is remembered (each chunk starts afresh)."""

    def count_with_added(self, text: str) -> tuple[int, tuple[int, ...]]:
        """The number of tokens of ``text`` and the added tokens among them."""
        count = 0
        added: list[int] = []
        for first, stop, token in self.split(text):
            if token is not None:
                count += 1
                added.append(token)
            elif stop > first:
                count += len(self.encode_ordinary(text[first:stop]))
        return count, tuple(added)

    def encode_chat(self, text: str) -> Encoded:
        """A rendered chat's tokens, added tokens matched anywhere, with their places."""
        raise NotImplementedError

    def token_id(self, token: str | None) -> int | None:
        return self.specials.get(token) if token else None


def _nfc_runs(text: str) -> tuple[str, list[tuple[int, int]]]:
    """NFC of ``text`` and, for each character of it, the characters of ``text`` it comes
    from: run by run (a starter and the marks that may compose onto it), so unchanged runs map
    one to one and a changed run maps each of its characters to the whole run."""

    def attaches(c: str) -> bool:
        o = ord(c)
        return unicodedata.combining(c) != 0 or 0x1160 <= o <= 0x11FF or 0xD7B0 <= o <= 0xD7FF

    starts = [i for i, c in enumerate(text) if i == 0 or not attaches(c)]
    runs = list(zip(starts, [*starts[1:], len(text)], strict=True))
    pieces = [unicodedata.normalize("NFC", text[a:b]) for a, b in runs]
    whole = unicodedata.normalize("NFC", text)
    if "".join(pieces) != whole:  # composition across runs: one run for all
        runs, pieces = [(0, len(text))], [whole]
    where: list[tuple[int, int]] = []
    for (a, b), piece in zip(runs, pieces, strict=True):
        if piece == text[a:b]:
            where.extend((a + k, a + k + 1) for k in range(b - a))
        else:
            where.extend([(a, b)] * len(piece))
    return whole, where


class TiktokenTokenizer(ChatTokenizer):
    """Byte-level BPE ranks run by tiktoken, with added tokens and optional NFC.

    The tokens of a text between added tokens are remembered (up to ``MEMO_SIZE`` texts):
    the templates family counts a chat piece by piece, and the tokens family then counts the
    same messages' texts again without encoding them twice.
    """

    pieces = True

    def __init__(self, name: str, ranks: dict[bytes, int], pattern: str,
                 specials: dict[str, int], nfc: bool, exact: bool) -> None:
        self.name = name
        self.exact = exact
        self.nfc = nfc
        self.specials = dict(specials)
        self.encoding = tiktoken.Encoding(name, pat_str=pattern, mergeable_ranks=ranks,
                                          special_tokens=self.specials)
        size = max([*ranks.values(), *self.specials.values()]) + 1
        self.lengths = np.zeros(size, dtype=np.int64)
        self.lengths[np.fromiter(ranks.values(), np.int64, len(ranks))] = np.fromiter(
            map(len, ranks), np.int64, len(ranks))
        for token, rank in self.specials.items():
            self.lengths[rank] = len(token.encode("utf-8"))
        self._split = re.compile(trie_pattern(list(self.specials))) if self.specials else None
        # tiktoken matches added tokens itself unless one contains another (then: longest first)
        self._nested = any(a != b and a in b for a in self.specials for b in self.specials)
        self._firsts = frozenset(token[0] for token in self.specials if token)
        self.marker = next(iter(self._firsts)) if len(self._firsts) == 1 else None
        self.memo = {}
        self._counts: dict[str, tuple[int, tuple[int, ...]]] = {}  # texts with added tokens
        self._core = self.encoding._core_bpe.encode_ordinary  # without tiktoken's wrapper

    def _normal(self, text: str) -> bool:
        return not self.nfc or text.isascii() or unicodedata.is_normalized("NFC", text)

    def encode_ordinary(self, text: str) -> list[int]:
        """The tokens of a text with no added token in it (NFC first when the model does)."""
        memo = self.memo
        found = memo.get(text)
        if found is not None:
            return found
        plain = text if not self.nfc or text.isascii() or unicodedata.is_normalized(
            "NFC", text) else unicodedata.normalize("NFC", text)
        try:
            found = self._core(plain)
        except UnicodeEncodeError:  # a lone surrogate: tiktoken's own wrapper replaces it
            found = self.encoding.encode_ordinary(plain)
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[text] = found
        return found

    def forget(self) -> None:
        self.memo.clear()
        self._counts.clear()

    def count_with_added(self, text: str) -> tuple[int, tuple[int, ...]]:
        found = self._counts.get(text)
        if found is None:
            found = super().count_with_added(text)
            if len(self._counts) >= MEMO_SIZE:
                self._counts.clear()
            self._counts[text] = found
        return found

    def split(self, text: str) -> Iterator[tuple[int, int, int | None]]:
        if any(first in text for first in self._firsts):
            return self._pieces(text)
        return iter(((0, len(text), None),))

    def encode_chat(self, text: str) -> Encoded:
        if not self._normal(text) or self._nested:
            return self._by_pieces(text)
        ids = self.encoding.encode(text, allowed_special="all")
        lengths = self.lengths[np.asarray(ids, dtype=np.int64)]
        ends = np.cumsum(lengths)
        return Encoded(text, ids, ends - lengths, ends, in_bytes=True)

    def _pieces(self, text: str) -> Iterator[tuple[int, int, int | None]]:
        """``(start, end, special id or None)`` of the text between and of the added tokens."""
        at = 0
        if self._split is not None:
            for match in self._split.finditer(text):
                yield at, match.start(), None
                yield match.start(), match.end(), self.specials[match.group()]
                at = match.end()
        yield at, len(text), None

    def _by_pieces(self, text: str) -> Encoded:
        """Piece by piece, in characters: NFC between added tokens, mapped back."""
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for start, end, special in self._pieces(text):
            if special is not None:
                ids.append(special)
                starts.append(start)
                ends.append(end)
            elif end > start:
                self._plain(text[start:end], start, ids, starts, ends)
        return Encoded(text, ids, np.asarray(starts, np.int64), np.asarray(ends, np.int64),
                       in_bytes=False)

    def _plain(self, piece: str, base: int, ids: list[int], starts: list[int],
               ends: list[int]) -> None:
        where: list[tuple[int, int]] | None = None
        if not self._normal(piece):
            piece, where = _nfc_runs(piece)
        chars = 0
        for token in self.encoding.encode_ordinary(piece):
            data = self.encoding.decode_single_token_bytes(token)
            start = max(chars - (1 if 0x80 <= data[0] < 0xC0 else 0), 0)
            chars += sum(1 for byte in data if not 0x80 <= byte < 0xC0)
            low, high = start, chars
            if where is not None:
                low, high = where[low][0], where[high - 1][1]
            ids.append(token)
            starts.append(base + low)
            ends.append(base + high)


class LibraryTokenizer(ChatTokenizer):
    """A ``tokenizer.json`` read with the ``tokenizers`` library (the extra ``open-models``)."""

    def __init__(self, name: str, tokenizer: Any) -> None:
        self.name = name
        self.exact = True
        self.tokenizer = tokenizer
        self.specials = {token.content: index
                         for index, token in tokenizer.get_added_tokens_decoder().items()}

    def encode_ordinary(self, text: str) -> list[int]:
        ids: list[int] = self.tokenizer.encode(text, add_special_tokens=False).ids
        return ids

    def encode_chat(self, text: str) -> Encoded:
        found = self.tokenizer.encode(text, add_special_tokens=False)
        offsets = np.asarray(found.offsets, dtype=np.int64).reshape(-1, 2)
        return Encoded(text, list(found.ids), offsets[:, 0], offsets[:, 1], in_bytes=False)
