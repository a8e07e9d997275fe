"""Locality-sensitive hashing over MinHash signatures, a whole file at a time.

datasketch's ``MinHashLSH`` cuts each signature into ``b`` bands of ``r`` values and puts an
example in one bucket per band; two examples are candidates when they share a bucket. Its
parameters (``b``, ``r``) are what we use, from the table datasketch wrote (see
:mod:`curator.core.minhash_params`). What differs is how the buckets are filled: datasketch
inserts and queries one key at a time in Python dictionaries (measured: most of the
near-duplicate stage on 100k examples), while here each band of every signature is hashed to
one 64-bit number in numpy, and equal numbers are found by sorting: the same candidate pairs
(a test compares them with ``MinHashLSH.query``), found in one pass. Single rows (an edit in
the app) are looked up by comparing their band numbers against the table, a vectorised scan
of well under a millisecond per 100k rows.

Candidates are then filtered on the signature estimate and verified on the exact Jaccard
similarity of the shingle sets, so no pair below the threshold is ever reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from curator.core.minhash_params import NUM_PERM, lsh_shape

CANDIDATE_MARGIN = 0.15  # candidates come from an LSH tuned this far below the threshold
_MULT = np.uint64(0x9E3779B97F4A7C15)
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Pair:
    a: int  # row keys (line numbers in a file)
    b: int
    similarity: float


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


def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """Pairs of row positions (i < j) sharing a bucket in any band; shape (n, 2)."""
    n = len(keys)
    found = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        sorted_keys = keys[order, band]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        # runs of equal keys: starts where a run begins, lengths
        edges = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
        for start, end in zip(edges[::2], edges[1::2] + 1, strict=True):
            members = np.sort(order[start:end])
            i, j = np.triu_indices(len(members), 1)
            found.append(members[i].astype(np.int64) * n + members[j])
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.sort(np.concatenate(found))
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = codes[1:] != codes[:-1]
    codes = codes[keep]
    return np.stack([codes // n, codes % n], axis=1)


def estimates(sigs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of each pair (fraction of equal signature values)."""
    out = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), _BLOCK):
        block = pairs[lo:lo + _BLOCK]
        equal = sigs[block[:, 0]] == sigs[block[:, 1]]
        out[lo:lo + _BLOCK] = equal.sum(axis=1) / NUM_PERM
    return out


class NearDuplicateIndex:
    """Signatures, band numbers and shingle sets of rows keyed by an int (a line number);
    rows can be added, removed and re-checked one at a time."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.bands, self.rows = band_shape(threshold)
        self.slots: dict[int, int] = {}
        self.keys = np.zeros(0, dtype=np.int64)
        self.table = np.zeros((0, self.bands), dtype=np.uint64)
        self.sigs = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self.alive = np.zeros(0, dtype=bool)
        self.used = 0
        self.shingles: dict[int, np.ndarray] = {}

    def __contains__(self, key: int) -> bool:
        return key in self.slots

    def similarity(self, a: int, b: int) -> float:
        """Exact Jaccard similarity of two indexed rows."""
        return jaccard(self.shingles[a], self.shingles[b])

    @classmethod
    def build(cls, keys: Sequence[int], sigs: np.ndarray, sets: Sequence[np.ndarray],
              threshold: float = 0.8) -> tuple[NearDuplicateIndex, list[Pair]]:
        """Index every row at once; returns the index and all verified pairs."""
        index = cls(threshold)
        keyed = np.asarray(keys, dtype=np.int64)
        nonempty = np.array([len(s) > 0 for s in sets], dtype=bool)
        n = len(keyed)
        index.keys = keyed.copy()
        index.sigs = np.ascontiguousarray(sigs, dtype=np.uint32)
        index.table = band_keys(index.sigs, index.bands, index.rows)
        index.alive = nonempty
        index.used = n
        index.slots = {int(k): i for i, k in enumerate(keyed)}
        index.shingles = {int(k): s for k, s in zip(keyed, sets, strict=True)}
        positions = np.flatnonzero(nonempty)
        candidates = positions[candidate_pairs(index.table[positions])] if len(
            positions) else np.empty((0, 2), dtype=np.int64)
        floor = threshold - CANDIDATE_MARGIN
        likely = candidates[estimates(index.sigs, candidates) >= floor]
        pairs = []
        for i, j in likely.tolist():
            sim = jaccard(sets[i], sets[j])
            if sim >= threshold:
                a, b = int(keyed[i]), int(keyed[j])
                pairs.append(Pair(min(a, b), max(a, b), sim))
        pairs.sort(key=lambda p: (p.a, p.b))
        return index, pairs

    def neighbours(self, key: int, signature: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Verified pairs between this row and the other rows in the index."""
        if not len(shingles) or not self.used:
            return []
        query = band_keys(signature[None, :], self.bands, self.rows)[0]
        used = self.used
        hits = np.flatnonzero((self.table[:used] == query).any(axis=1) & self.alive[:used])
        if not len(hits):
            return []
        equal = (self.sigs[hits] == signature).sum(axis=1) / NUM_PERM
        out = []
        for slot in hits[equal >= self.threshold - CANDIDATE_MARGIN].tolist():
            other = int(self.keys[slot])
            if other == key:
                continue
            sim = jaccard(shingles, self.shingles[other])
            if sim >= self.threshold:
                out.append(Pair(min(key, other), max(key, other), sim))
        return sorted(out, key=lambda p: (p.a, p.b))

    def add(self, key: int, signature: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Index a row; returns its verified pairs with the rows indexed before it."""
        pairs = self.neighbours(key, signature, shingles)
        self._insert(key, signature, shingles)
        return pairs

    def remove(self, key: int) -> None:
        slot = self.slots.pop(key, None)
        if slot is not None:
            self.alive[slot] = False
        self.shingles.pop(key, None)

    def update(self, key: int, signature: np.ndarray, shingles: np.ndarray) -> list[Pair]:
        """Replace a row (an edit) and return its pairs with every other row."""
        self.remove(key)
        return self.add(key, signature, shingles)

    def _insert(self, key: int, signature: np.ndarray, shingles: np.ndarray) -> None:
        if self.used == len(self.keys):
            grow = max(64, len(self.keys) // 2)
            self.keys = np.concatenate([self.keys, np.zeros(grow, dtype=np.int64)])
            self.table = np.concatenate([self.table, np.zeros((grow, self.bands), np.uint64)])
            self.sigs = np.concatenate([self.sigs, np.zeros((grow, NUM_PERM), np.uint32)])
            self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
        slot = self.used
        self.used += 1
        self.keys[slot] = key
        self.sigs[slot] = signature
        self.table[slot] = band_keys(signature[None, :], self.bands, self.rows)[0]
        self.alive[slot] = len(shingles) > 0
        self.slots[key] = slot
        self.shingles[key] = shingles


def find_pairs(keys: Sequence[int], sigs: np.ndarray, sets: Sequence[np.ndarray],
               threshold: float = 0.8) -> tuple[NearDuplicateIndex, list[Pair]]:
    """Index every example and return the index and all verified near-duplicate pairs."""
    return NearDuplicateIndex.build(keys, sigs, sets, threshold)
