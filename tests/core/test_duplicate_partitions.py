"""The near-duplicate pair rule gives the same pairs whatever the split: chunks of rows,
shuffled by key into any number of partitions (as a cluster runs it), find exactly the
pairs one process finds, on rows made to hit every branch (copies, buckets larger than
ANCHORS, rows with more than PARTNERS partners, empty sets, sizes that rule pairs out)."""

from __future__ import annotations

import numpy as np
import pytest

from curator.core.families.duplicates.pairs import (
    ANCHORS,
    PARTNERS,
    _anchored,
    bucket_pairs,
    candidate_pairs,
    sized,
    unique_pairs,
)
from curator.core.families.duplicates.partitioned import split_candidate_pairs


def rows(seed: int, n: int = 900, width: int = 5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    bands = rng.integers(0, 2**63, size=(n, width), dtype=np.int64).astype(np.uint64)
    crowd = rng.random(n) < 0.3  # one huge bucket in band 0 and a smaller one in band 1
    bands[crowd, 0] = 7
    bands[rng.random(n) < 0.1, 1] = 11
    copies = rng.choice(n, size=n // 6, replace=False)  # copies of a few originals
    bands[copies] = bands[rng.choice(20, size=len(copies))]
    sizes = rng.integers(0, 60, size=n)
    sizes[rng.random(n) < 0.05] = 0  # no shingles: no part in the search
    return bands, sizes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_split_gives_the_same_pairs(seed: int) -> None:
    bands, sizes = rows(seed)
    want = candidate_pairs(bands, sizes, 0.5)
    a, _ = want
    per_row = np.bincount(a)
    assert per_row.max() > PARTNERS and len(a) > 900  # the limits are reached
    assert (bands[:, 0] == 7).sum() > ANCHORS
    rng = np.random.default_rng(seed)
    for parts in (1, 2, 3, 7):
        cuts = sorted({0, *rng.integers(1, len(bands), size=parts * 2).tolist()})
        got = split_candidate_pairs(bands, sizes, 0.5, cuts, parts)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), parts


def test_no_rows_and_one_row() -> None:
    bands, sizes = rows(4, n=1)
    for n in (0, 1):
        got = split_candidate_pairs(bands[:n], sizes[:n], 0.8, [0], 3)
        assert len(got[0]) == len(got[1]) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_buckets_paired_a_size_at_a_time_give_the_pairs_bucket_by_bucket(seed: int) -> None:
    """Small buckets are paired as matrices, one bucket size at a time; the pairs are those
    of taking each bucket in turn (every pair of a small one, anchors in a large one)."""
    rng = np.random.default_rng(seed)
    n = 3000
    band = rng.integers(0, 3, size=n).astype(np.uint64)
    key = rng.choice(np.concatenate(([5] * 300, rng.integers(0, 900, size=200))), size=n)
    key = key.astype(np.uint64)
    row = rng.permutation(n).astype(np.int64)
    sizes = rng.integers(1, 60, size=n)
    order = np.lexsort((row, key, band))
    b, k, r = band[order], key[order], row[order]
    same = (b[1:] == b[:-1]) & (k[1:] == k[:-1])
    edges = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
    pieces = [_anchored(r[s:e]) for s, e in zip(edges[::2], edges[1::2] + 1, strict=True)]
    assert max(e - s for s, e in zip(edges[::2], edges[1::2] + 1, strict=True)) > ANCHORS
    a, bb = unique_pairs(np.concatenate([p[0] for p in pieces]),
                         np.concatenate([p[1] for p in pieces]))
    want = sized(a, bb, r, sizes[order], 0.5)
    got = bucket_pairs(band, key, row, sizes, 0.5)
    assert len(want[0]) > 1000
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
