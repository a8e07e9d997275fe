"""Exact and near duplicates: example fingerprints, MinHash signatures, LSH, clusters.

**Exact**: an example's fingerprint (curator/core/families/duplicates/identity.py) is a
blake2b hash of its content with runs of whitespace folded, so two examples that differ only
in spacing are the same. The prompt fingerprint covers everything before the last assistant
reply and the answer fingerprint that reply: same prompt, different answer means
conflicting targets.

**Near**: the shingles of an example are every run of 3 consecutive token ids (the same ids
token counting produced, so nothing is encoded twice) of its user and assistant text, taken
in order (``scope`` may keep only prompts or only answers). Each shingle is packed into one
integer and hashed to 32 bits. Signatures follow datasketch's ``affine32`` MinHash scheme with
datasketch's own permutations for our seed: each hash is pre-mixed with the MurmurHash3
finalizer, then ``h_i(x) = a_i x + b_i mod 2^32`` for 128 (a_i odd, b_i), minimum over the
shingles. Where datasketch does this one example at a time, Curator does it in numpy for a
whole batch of examples at once (a test checks the values are identical to datasketch's).
The fraction of equal signature entries estimates the Jaccard similarity of two shingle
sets. Candidate pairs come from LSH banding with datasketch's ``MinHashLSH`` parameters, tuned
to a threshold 0.15 below the one asked for so that pairs whose estimate happens to fall
short are still found (see :mod:`curator.core.families.duplicates.lsh`); every candidate is
then verified on the exact Jaccard similarity of the two shingle sets, so no pair below the
threshold is ever reported. Pairs are grouped into clusters with union-find.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from curator.core.families.duplicates.lsh import Pair
from curator.core.families.duplicates.params import NUM_PERM, permutations

SHINGLE = 3
DEFAULT_THRESHOLD = 0.8
EMPTY = np.uint32(0xFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# shingles per block of signatures: 128 x 8192 x 4 bytes of values stay in the cache (measured
# twice as fast as blocks of 1 << 15)
_BLOCK_SHINGLES = 1 << 13

_A, _B = permutations()


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix of datasketch's affine32 scheme."""
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def shingle_hashes(ids: np.ndarray, starts: np.ndarray, lengths: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct 32-bit shingle hashes of each example (sorted), and each example's count.

    ``ids`` holds the token ids of all examples back to back; example ``i`` is
    ``ids[starts[i]:starts[i] + lengths[i]]``. Shingles never cross two examples.
    """
    counts = np.maximum(lengths - (SHINGLE - 1), 0)
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.uint32), counts
    first = np.repeat(starts, counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    at = first + within
    packed = (ids[at].astype(np.uint64) << np.uint64(36)) | (
        ids[at + 1].astype(np.uint64) << np.uint64(18)) | ids[at + 2].astype(np.uint64)
    mixed = (packed * _GOLDEN) >> np.uint64(32)
    owner = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    keys = np.sort((owner << np.uint64(32)) | mixed)  # by example, then hash
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = keys[1:] != keys[:-1]
    distinct = keys[fresh]  # (np.unique does the same, many times slower here)
    owners = (distinct >> np.uint64(32)).astype(np.int64)
    return (distinct & np.uint64(0xFFFFFFFF)).astype(np.uint32), np.bincount(
        owners, minlength=len(counts))


def signatures(hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MinHash signatures, one row of ``NUM_PERM`` uint32 per example (all EMPTY if none).

    The permuted values of each block are written into one buffer, reused from block to
    block (fresh arrays for each block made this three times slower: every block's memory
    was mapped, faulted in and unmapped anew)."""
    out = np.full((len(counts), NUM_PERM), EMPTY, dtype=np.uint32)
    ends = np.cumsum(counts)
    begins = ends - counts
    example = 0
    n = len(counts)
    buffer = np.empty((NUM_PERM, 0), dtype=np.uint32)
    a, b = _A[:, None], _B[:, None]
    while example < n:
        # a block of whole examples, about _BLOCK_SHINGLES shingles
        last = int(np.searchsorted(ends, begins[example] + _BLOCK_SHINGLES, side="right"))
        last = max(last, example + 1)
        lo, hi = int(begins[example]), int(ends[last - 1])
        block_counts = counts[example:last]
        if hi > lo:
            if buffer.shape[1] < hi - lo:
                buffer = np.empty((NUM_PERM, max(hi - lo, 2 * _BLOCK_SHINGLES)), np.uint32)
            # one row per permutation, so the reduction runs along contiguous memory
            values = buffer[:, :hi - lo]
            np.multiply(a, fmix32(hashes[lo:hi])[None, :], out=values)  # mod 2^32
            np.add(values, b, out=values)
            nonempty = block_counts > 0
            offsets = (begins[example:last] - lo)[nonempty]
            out[example:last][nonempty] = np.minimum.reduceat(values, offsets, axis=1).T
        example = last
    return out


def signature_of(ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Signature and shingle set of one example (for re-checking an edited row)."""
    array = np.asarray(ids, dtype=np.int64)
    hashes, counts = shingle_hashes(array, np.array([0]), np.array([len(array)]))
    return signatures(hashes, counts)[0], hashes


def split_sets(hashes: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    """Per-example views of the flat output of :func:`shingle_hashes`."""
    return np.split(hashes, np.cumsum(counts)[:-1]) if len(counts) else []


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def clusters(pairs: Iterable[Pair]) -> list[list[int]]:
    """Connected groups of keys, each sorted, ordered by their first key."""
    uf = UnionFind()
    for pair in pairs:
        uf.union(pair.a, pair.b)
    groups: dict[int, list[int]] = {}
    for key in uf.parent:
        groups.setdefault(uf.find(key), []).append(key)
    return sorted((sorted(group) for group in groups.values()), key=lambda g: g[0])
