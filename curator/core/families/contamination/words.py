"""Words as the decontamination rule counts them, and their 13-grams as stable numbers.

The rule (GPT-3, Brown et al. 2020, App. C; lm-evaluation-harness's janitor): n-grams of 13
words that "ignore case and punctuation". Both sides are normalised the same way here:
lower case (each character's simple lower-case mapping), every punctuation, symbol,
separator and control character a word break (so ``don't`` is ``don`` ``t`` on both sides,
as datatrove has it), and each character of a script written without spaces (Chinese,
Japanese, Thai...) a word of its own.

It is the hot path of ``--against`` (every reply of the training file), so nothing is done
per text but collecting it: many texts are joined, encoded as UTF-32 (one number per
character, in C) and handled in numpy at once (:func:`text_grams`): each character looked up
in one table made from the Unicode database (its lower case, and whether it breaks words or
stands alone), words cut, each word hashed (a polynomial over its characters, mod 2^64:
stable in every process, unlike ``hash()``), and each 13-gram mixed from 13 word hashes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

N = 13
PLANES = 0x110000
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
             (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
WORD, BREAK, ALONE = 0, 1, 2  # what a character is
_SHIFT, _LOW = 21, (1 << 21) - 1
BATCH = 1 << 18  # characters handled at once
_BASE = np.uint64(0x100000001B3)  # FNV's prime (odd: it has an inverse mod 2^64)
_INVERSE = np.uint64(pow(0x100000001B3, -1, 1 << 64))
# one odd 64-bit multiplier per place in the 13-gram
PLACES = np.array([(0x9E3779B97F4A7C15 * (k + 1) | 1) % (1 << 64) for k in range(N)],
                  dtype=np.uint64)


@cache
def _table() -> np.ndarray:
    """For every code point: its lower case (when that is one character) in the low 21 bits,
    and above them what it is (WORD, BREAK, ALONE). Built on first use from the Unicode
    database (a tenth of a second); beyond the Basic Multilingual Plane every character is
    itself and a word's."""
    table = np.arange(PLANES, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        low = char.lower()
        kind = BREAK if unicodedata.category(char)[0] in "PSZC" or code == 0x5F else WORD
        table[code] = (ord(low) if len(low) == 1 else code) | kind << _SHIFT
    for low_end, high_end in _UNSPACED:
        span = table[low_end:high_end + 1]
        span[span >> _SHIFT == WORD] |= np.uint32(ALONE << _SHIFT)
    return table


@dataclass
class Grams:
    """The 13-grams of many texts: their numbers back to back, how many each text has,
    and where (the character) each 13-gram starts in its text."""

    numbers: np.ndarray
    counts: np.ndarray
    starts: np.ndarray

    def of(self, text: int) -> slice:
        begin = int(self.counts[:text].sum())
        return slice(begin, begin + int(self.counts[text]))


@cache
def _powers() -> tuple[np.ndarray, np.ndarray]:
    """BASE^(i+1) and its inverse, for every place of a batch (computed once)."""
    return (np.cumprod(np.full(BATCH, _BASE, dtype=np.uint64), dtype=np.uint64),
            np.cumprod(np.full(BATCH, _INVERSE, dtype=np.uint64), dtype=np.uint64))


def _cut(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points lower-cased, which are inside words, and which start one."""
    entry = _table()[points]
    points = entry & np.uint32(_LOW)
    what = entry >> np.uint32(_SHIFT)
    inside = what != BREAK
    alone = what == ALONE
    starts = inside.copy()
    starts[1:] &= ~inside[:-1] | alone[1:] | alone[:-1]
    return points, inside, starts


def _words(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every word of a run of code points (at most BATCH), and the character
    it starts at."""
    points, inside, starts = _cut(points)
    first = np.flatnonzero(starts)
    if not len(first):
        return np.zeros(0, dtype=np.uint64), first
    n = len(points)
    powers, inverse = _powers()
    # a word runs to the next one; the breaks between add nothing
    running = (points * inside) * powers[:n]
    np.cumsum(running, out=running)
    end = np.empty_like(first)
    end[:-1] = first[1:] - 1
    end[-1] = n - 1
    before = running[first - 1]
    before[first == 0] = 0
    return (running[end] - before) * inverse[first], first  # all mod 2^64


def gram_hashes(hashes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 13-gram numbers of words back to back, never across two texts (``owner``: each
    word's text, ascending), and the index of each 13-gram's first word."""
    count = len(hashes) - N + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    out = hashes[:count] * PLACES[0]
    for k in range(1, N):
        out += hashes[k:k + count] * PLACES[k]  # mod 2^64
    out ^= out >> np.uint64(31)
    within = np.flatnonzero(owner[:count] == owner[N - 1:])
    return out[within], within


def text_grams(texts: list[str]) -> Grams:
    """The 13-grams of many texts, computed together (in batches of whole texts)."""
    parts: list[Grams] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) + 1 > BATCH:
            parts.append(_batch_grams(batch))
            batch, size = [], 0
        batch.append(text[:BATCH - 1])  # a longer text: its first BATCH characters
        size += len(batch[-1]) + 1
    if batch or not parts:
        parts.append(_batch_grams(batch))
    return Grams(*(np.concatenate([getattr(p, name) for p in parts])
                   for name in ("numbers", "counts", "starts")))


def _batch_grams(texts: list[str]) -> Grams:
    if not texts:
        return Grams(np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    joined = "\n".join(texts)
    points = np.frombuffer(joined.encode("utf-32-le", "replace"), dtype=np.uint32)
    hashes, firsts = _words(points)
    begins = np.cumsum([0] + [len(t) + 1 for t in texts])  # each text's first character
    owner = np.searchsorted(begins, firsts, side="right") - 1
    numbers, at = gram_hashes(hashes, owner)
    counts = np.bincount(owner[at], minlength=len(texts))[:len(texts)]
    return Grams(numbers, counts, firsts[at] - begins[owner[at]])


def passage_end(text: str, start: int) -> int:
    """Where the 13 words from character ``start`` of ``text`` end."""
    piece = text[start:start + 64 * N]
    _, inside, starts = _cut(np.frombuffer(piece.encode("utf-32-le", "replace"),
                                           dtype=np.uint32))
    first = np.flatnonzero(starts)
    stop = int(first[N]) if len(first) > N else len(piece)
    last = np.flatnonzero(inside[:stop])
    return start + (int(last[-1]) + 1 if len(last) else stop)
