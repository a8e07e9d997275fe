"""The evaluation index: built once per run, in the process that starts the check.

For each side (prompts, answers) of every evaluation item it keeps what the three matches
need, as numbers, never texts:

- **exact**: the fingerprint of the text with runs of whitespace folded (blake2b, 64 bits),
  and its first words (a cheap key the row check tries first);
- **near**: the shingles (3 token ids, as the duplicates family makes them), their MinHash
  signatures cut into LSH band keys (datasketch's bands for the threshold less a margin),
  and a bitmap of every shingle of the evaluation set: a training text can only reach
  Jaccard ``t`` with an item if at least ``t`` of its shingles are in that item, so a text
  with fewer in the bitmap is passed over without computing its signature (sound: no
  candidate is lost);
- **13-gram**: the 13-gram numbers of every answer (and of every plain-text item), sorted,
  with their items.

Workers get a :class:`Probe` (what the row checks test against: the keys, the fingerprints,
the bitmap and the sorted 13-grams, a few megabytes); candidates come back to the process
that holds the :class:`EvalIndex`, which verifies them (band keys, exact Jaccard) and says
which item and line they match.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from curator.core.families.contamination.evalset import EvalFile, read_eval_file
from curator.core.families.contamination.words import text_grams
from curator.core.families.duplicates.lsh import ShingleStore, band_keys, band_shape
from curator.core.families.duplicates.minhash import shingle_hashes, signatures
from curator.core.families.tokens.counter import Encoder, counter_for
from curator.core.model.spaces import fold_spaces

SIDES = ("prompt", "answer")
MIN_EXACT = 20  # characters (whitespace folded) a text needs to match exactly
MIN_SHINGLES = 5  # shingles a text needs to match nearly
HEAD_WORDS, HEAD_CHARS = 4, 200
BITMAP_BITS = 24  # at most 2^24 bits (2 MB) for the shingles, 16 bits a shingle
GRAM_BITS = 25  # at most 2^25 bits (4 MB) for the 13-grams, 32 bits a 13-gram


def fingerprint(text: str) -> int:
    """64-bit fingerprint of whitespace-folded text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "replace"),
                                          digest_size=8).digest(), "little")


def head(text: str) -> str:
    """The first words of a text (what an exact copy must start with), read cheaply."""
    words = text[:HEAD_CHARS].split(None, HEAD_WORDS)
    if len(words) <= HEAD_WORDS and len(text) > HEAD_CHARS:
        words = text.split(None, HEAD_WORDS)
    return " ".join(words[:HEAD_WORDS])


def _bit(hashes: np.ndarray, size: int) -> np.ndarray:
    """The top ``size`` bits of each hash (uint32 or uint64)."""
    width = 64 if hashes.dtype == np.uint64 else 32
    top: np.ndarray = (hashes >> hashes.dtype.type(width - size)).astype(np.int64)
    return top


def bitmap_of(hashes: np.ndarray, most: int = BITMAP_BITS, per: int = 16) -> np.ndarray:
    """A bitmap with the bit of every hash set: ``per`` bits a hash (a false positive in
    ``per``), ``2^most`` bits at most."""
    size = min(most, max(16, (len(hashes) * per - 1).bit_length()))
    bits = np.zeros(1 << (size - 3), dtype=np.uint8)
    index = _bit(hashes, size)
    np.bitwise_or.at(bits, index >> 3, np.left_shift(1, index & 7).astype(np.uint8))
    return bits


def in_bitmap(bits: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Whether each hash's bit is set (no false negatives; a few false positives)."""
    index = _bit(hashes, len(bits).bit_length() + 2)
    found: np.ndarray = (bits[index >> 3] >> (index & 7).astype(np.uint8)) & 1
    return found.astype(bool)


@dataclass
class Probe:
    """What a worker's row checks test against (small: numbers only)."""

    heads: dict[str, frozenset[str]]
    fingerprints: dict[str, frozenset[int]]
    shingles: np.ndarray  # bitmap of every shingle of the evaluation set
    grams: np.ndarray  # the answers' 13-gram numbers, sorted, distinct
    gram_bits: np.ndarray  # and their bitmap, tested first
    threshold: float


@dataclass
class Side:
    """One side (prompts or answers) of every item."""

    fingerprints: dict[int, list[int]] = field(default_factory=dict)  # -> items
    bands: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # sorted
    band_items: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    store: ShingleStore = field(default_factory=ShingleStore)  # by item


@dataclass
class EvalIndex:
    files: list[EvalFile]  # items dropped once indexed: only paths and skipped lines kept
    item_file: np.ndarray  # per item
    item_line: np.ndarray
    sides: dict[str, Side]
    grams: np.ndarray  # 13-gram numbers of the answers, sorted (with repeats across items)
    gram_items: np.ndarray
    gram_counts: np.ndarray  # distinct 13-grams per item
    threshold: float
    probe: Probe

    def where(self, item: int) -> tuple[str, int]:
        """The evaluation file and line of an item."""
        return self.files[int(self.item_file[item])].path, int(self.item_line[item])

    def band_candidates(self, side: str, bands: np.ndarray) -> list[int]:
        """Items one of whose band keys equals one of ``bands``."""
        index = self.sides[side]
        found: list[int] = np.unique(index.band_items[_ranges(index.bands, bands)[0]]).tolist()
        return found

    def gram_positions(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of ``grams`` is in the index (all its items), and how many there are
        for each."""
        return _ranges(self.grams, grams)


def _ranges(ordered: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions in sorted ``ordered`` of every value equal to one of ``wanted``, and
    how many there are for each."""
    lo = np.searchsorted(ordered, wanted, side="left")
    sizes = np.searchsorted(ordered, wanted, side="right") - lo
    total = int(sizes.sum())
    at = np.repeat(lo, sizes) + (np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    return at, sizes


def build_index(paths: Sequence[Path], encoding: str | Encoder, threshold: float
                ) -> EvalIndex:
    """Read and index the evaluation files, their texts tokenized as the tokens family
    tokenizes the training file's (an OpenAI encoding's name, or an open model's
    tokenizer). Raises OSError when one cannot be read."""
    files = [read_eval_file(Path(p)) for p in paths]
    items = [(number, item) for number, f in enumerate(files) for item in f.items]
    bands, rows = band_shape(threshold)
    encode = counter_for(encoding).encoding.encode_ordinary
    sides: dict[str, Side] = {}
    every: list[np.ndarray] = []
    heads: dict[str, frozenset[str]] = {}
    for side in SIDES:
        texts = [getattr(item, side) for _, item in items]
        sides[side], shingles = _side(texts, encode, bands, rows)
        heads[side] = frozenset(head(t) for t in texts if len(fold_spaces(t)) >= MIN_EXACT)
        every.append(shingles)
    grams, gram_items = _distinct_grams([item.answer for _, item in items])
    for f in files:
        f.items = []
    probe = Probe(heads, {s: frozenset(sides[s].fingerprints) for s in SIDES},
                  bitmap_of(np.concatenate(every)), _distinct(grams),
                  bitmap_of(grams, GRAM_BITS, 32), threshold)
    return EvalIndex(files, np.array([n for n, _ in items], dtype=np.int32),
                     np.array([i.line for _, i in items], dtype=np.int64), sides, grams,
                     gram_items, np.bincount(gram_items, minlength=len(items)), threshold,
                     probe)


def _distinct(ordered: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array."""
    fresh = np.ones(len(ordered), dtype=bool)
    fresh[1:] = ordered[1:] != ordered[:-1]
    return ordered[fresh]


def _distinct_grams(answers: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every answer's distinct 13-grams, sorted by number, and whose each is."""
    found = text_grams(answers)
    owner = np.repeat(np.arange(len(answers)), found.counts)
    order = np.lexsort((owner, found.numbers))
    numbers, owner = found.numbers[order], owner[order]
    fresh = np.ones(len(numbers), dtype=bool)
    fresh[1:] = (numbers[1:] != numbers[:-1]) | (owner[1:] != owner[:-1])
    return numbers[fresh], owner[fresh].astype(np.int64)


def small_dropped(hashes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shingle sets (flat, with counts) without those of fewer than MIN_SHINGLES (their
    count made 0): too short to match nearly."""
    small = counts < MIN_SHINGLES
    if not small.any():
        return hashes, counts
    keep = ~np.repeat(small, counts)
    return hashes[keep], np.where(small, 0, counts)


def _side(texts: list[str], encode: Callable[[str], list[int]], bands: int, rows: int
          ) -> tuple[Side, np.ndarray]:
    """The index of one side, and all its shingle hashes."""
    side = Side()
    for item, text in enumerate(texts):
        flat = fold_spaces(text)
        if len(flat) >= MIN_EXACT:
            side.fingerprints.setdefault(fingerprint(flat), []).append(item)
    ids = [encode(text) for text in texts]
    lengths = np.array([len(x) for x in ids], dtype=np.int64)
    flat_ids = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64,
                           count=int(lengths.sum()))
    hashes, counts = small_dropped(*shingle_hashes(flat_ids, np.cumsum(lengths) - lengths,
                                                   lengths))
    side.store.append(hashes, counts)
    keys = band_keys(signatures(hashes, counts), bands, rows)
    useful = np.repeat(counts > 0, bands)
    flat_keys = keys.reshape(-1)[useful]
    owners = np.repeat(np.arange(len(texts)), bands)[useful]
    order = np.argsort(flat_keys, kind="stable")
    side.bands = flat_keys[order]
    side.band_items = owners[order]
    return side, hashes
