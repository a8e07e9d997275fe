"""Locality-sensitive hashing over MinHash signatures, a whole file at a time.

datasketch's ``MinHashLSH`` cuts each signature into ``b`` bands of ``r`` values and puts an
example in one bucket per band; two examples are candidates when they share a bucket. Its
parameters (``b``, ``r``) are what we use, from the table datasketch wrote (see
:mod:`curator.core.families.duplicates.params`). What differs is how the buckets are filled:
datasketch inserts and queries one key at a time in Python dictionaries (measured: most of
the near-duplicate stage on 100k examples), while here each band of every signature is
hashed to one 64-bit number in numpy, and equal numbers are found by sorting: the same
candidate pairs (a test compares them with ``MinHashLSH.query``), found in one pass. Single
rows (an edit in the app) are looked up by comparing their band numbers against the table, a
vectorised scan of well under a millisecond per 100k rows.

Which candidates are compared (copies, large buckets, rows with many partners) is decided by
the rule of :mod:`curator.core.families.duplicates.pairs`, which gives the same pairs
whatever the order or the split of the rows; they are verified on the exact Jaccard
similarity of the shingle sets, so no pair below the threshold is ever reported. Only band
numbers (a few per example) and the shingle sets reach the process that joins them, not whole
signatures: that is what keeps memory flat on large files.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from curator.core.families.duplicates.pairs import candidate_pairs, verified_pairs
from curator.core.families.duplicates.params import lsh_shape

CANDIDATE_MARGIN = 0.15  # candidates come from an LSH tuned this far below the threshold
_MULT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Pair:
    a: int  # row keys (line numbers in a file)
    b: int
    similarity: float


def _pair(a: int, b: int, similarity: float) -> Pair:
    return Pair(min(a, b), max(a, b), similarity)


def band_shape(threshold: float) -> tuple[int, int]:
    """datasketch MinHashLSH's (bands, rows per band) for the candidate threshold."""
    return lsh_shape(max(0.3, threshold - CANDIDATE_MARGIN))


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit number per band per signature (``len(sigs)`` x ``bands``)."""
    keys = np.zeros((len(sigs), bands), dtype=np.uint64)
    values = sigs.astype(np.uint64)
    for band in range(bands):
        h = np.full(len(sigs), band + 1, dtype=np.uint64)
        for column in range(band * rows, (band + 1) * rows):
            h = (h ^ values[:, column]) * _MULT  # mod 2^64
            h ^= h >> np.uint64(29)
        keys[:, band] = h
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sets of distinct shingle hashes."""
    if not len(a) and not len(b):
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


class ShingleStore:
    """The shingle sets of many examples, kept as the flat chunks the workers sent (no array
    object per example, no copy into one big array): ``get(i)`` is a view of set ``i``."""

    def __init__(self) -> None:
        self.hashes: list[np.ndarray] = []
        self.offsets: list[np.ndarray] = []  # per chunk: where each example's set starts
        self.starts = [0]  # first example of each chunk, and the total at the end

    def append(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        self.hashes.append(hashes)
        self.offsets.append(np.concatenate(([0], np.cumsum(counts))).astype(np.int64))
        self.starts.append(self.starts[-1] + len(counts))

    def __len__(self) -> int:
        return self.starts[-1]

    def get(self, i: int) -> np.ndarray:
        chunk = bisect.bisect_right(self.starts, i) - 1
        local = i - self.starts[chunk]
        offsets = self.offsets[chunk]
        return self.hashes[chunk][offsets[local]:offsets[local + 1]]

    def sizes(self) -> np.ndarray:
        return np.concatenate([np.diff(o) for o in self.offsets]) if self.offsets else (
            np.zeros(0, dtype=np.int64))

    @classmethod
    def of(cls, sets: Sequence[np.ndarray]) -> ShingleStore:
        store = cls()
        counts = np.array([len(x) for x in sets], dtype=np.int64)
        store.append(np.concatenate(sets) if sets else np.zeros(0, np.uint32), counts)
        return store


class NearDuplicateIndex:
    """Band numbers and shingle sets of rows keyed by an int (a line number); rows can be
    added, removed and re-checked one at a time (the app's edits)."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.bands, self.rows = band_shape(threshold)
        self.slots: dict[int, int] = {}
        self.keys = np.zeros(0, dtype=np.int64)
        self.table = np.zeros((0, self.bands), dtype=np.uint64)
        self.alive = np.zeros(0, dtype=bool)
        self.used = 0
        self.store = ShingleStore()  # sets of the slots the first check filled
        self.edited: dict[int, np.ndarray] = {}  # sets of slots added since, by slot

    def __contains__(self, key: int) -> bool:
        return key in self.slots

    def shingles(self, key: int) -> np.ndarray:
        slot = self.slots[key]
        return self.edited[slot] if slot in self.edited else self.store.get(slot)

    def similarity(self, a: int, b: int) -> float:
        """Exact Jaccard similarity of two indexed rows."""
        return jaccard(self.shingles(a), self.shingles(b))

    @classmethod
    def build(cls, keys: Sequence[int] | np.ndarray, bands: np.ndarray, store: ShingleStore,
              threshold: float = 0.8) -> tuple[NearDuplicateIndex, list[Pair]]:
        """Index every row at once (``bands`` from :func:`band_keys`, one row per key, and
        their shingle sets); returns the index and all verified pairs."""
        index = cls(threshold)
        keyed = np.asarray(keys, dtype=np.int64)
        index.keys = keyed
        index.table = bands
        index.alive = store.sizes() > 0
        index.used = len(keyed)
        index.slots = {int(k): i for i, k in enumerate(keyed.tolist())}
        index.store = store
        a, b = candidate_pairs(bands, store.sizes(), threshold)
        found = verified_pairs(a, b, store.get, jaccard, threshold)
        pairs = [_pair(int(keyed[x]), int(keyed[y]), sim) for x, y, sim in found]
        return index, sorted(pairs, key=lambda p: (p.a, p.b))

    @classmethod
    def of_rows(cls, keys: Sequence[int], sets: Sequence[np.ndarray], threshold: float = 0.8
                ) -> NearDuplicateIndex:
        """The shingle sets of some rows, for :meth:`similarity` and ``in`` only: no band
        numbers, so no row is found as a neighbour of an edited one."""
        index = cls(threshold)
        index.keys = np.asarray(keys, dtype=np.int64)
        index.table = np.zeros((len(keys), index.bands), dtype=np.uint64)
        index.alive = np.zeros(len(keys), dtype=bool)
        index.used = len(keys)
        index.slots = {int(k): i for i, k in enumerate(keys)}
        index.store = ShingleStore.of(sets)
        return index

    def neighbours(self, key: int, bands: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Verified pairs between this row and the other rows in the index."""
        if not len(shingles) or not self.used:
            return []
        used = self.used
        hits = np.flatnonzero((self.table[:used] == bands).any(axis=1) & self.alive[:used])
        out = []
        for slot in hits.tolist():
            other = int(self.keys[slot])
            if other == key:
                continue
            sim = jaccard(shingles, self.shingles(other))
            if sim >= self.threshold:
                out.append(Pair(min(key, other), max(key, other), sim))
        return sorted(out, key=lambda p: (p.a, p.b))

    def add(self, key: int, bands: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Index a row; returns its verified pairs with the rows indexed before it."""
        pairs = self.neighbours(key, bands, shingles)
        self._insert(key, bands, shingles)
        return pairs

    def remove(self, key: int) -> None:
        slot = self.slots.pop(key, None)
        if slot is not None:
            self.alive[slot] = False
            self.edited.pop(slot, None)

    def update(self, key: int, bands: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Replace a row (an edit) and return its pairs with every other row."""
        self.remove(key)
        return self.add(key, bands, shingles)

    def _insert(self, key: int, bands: np.ndarray, shingles: np.ndarray) -> None:
        if self.used == len(self.keys):
            grow = max(64, len(self.keys) // 2)
            self.keys = np.concatenate([self.keys, np.zeros(grow, dtype=np.int64)])
            self.table = np.concatenate([self.table, np.zeros((grow, self.bands), np.uint64)])
            self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
        slot = self.used
        self.used += 1
        self.keys[slot] = key
        self.table[slot] = bands
        self.alive[slot] = len(shingles) > 0
        self.slots[key] = slot
        self.edited[slot] = shingles


def find_pairs(keys: Sequence[int], sigs: np.ndarray, sets: Sequence[np.ndarray],
               threshold: float = 0.8) -> tuple[NearDuplicateIndex, list[Pair]]:
    """Index examples given their signatures and shingle sets; the index and all pairs."""
    bands, rows = band_shape(threshold)
    return NearDuplicateIndex.build(keys, band_keys(sigs, bands, rows), ShingleStore.of(sets),
                                    threshold)
