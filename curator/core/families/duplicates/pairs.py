"""Which pairs of rows are compared for near duplicates: one rule, in pieces that give the
same pairs on any split of the rows.

Rows are named by their position in the file (0, 1, ...), so "first" means earliest. The
rule, each step a pure function of the rows it is given:

1. **Twins**: rows whose band numbers are all equal (copies: identical signatures) stand for
   one another. The first of each group takes part in the search; each other one is paired
   with it alone, so a thousand copies cost a thousand pairs, not half a million.
   (:func:`twin_pairs`; needs every row of a group: split rows by their first band number.)
2. **Buckets**: in each band, the remaining rows sharing a band number are candidates:
   every pair of a small bucket; in a bucket of more than ANCHORS rows, each member with the
   bucket's first ANCHORS members, so a bucket of m rows costs m x ANCHORS pairs, not
   m x m / 2. Pairs whose set sizes alone rule the threshold out (Jaccard <= smaller /
   larger) are dropped. (:func:`bucket_pairs`; needs whole buckets: split entries by band
   number.)
3. **Partners**: a pair is compared when it is among the first PARTNERS partners (by
   position) of either of its rows, so a row alike but not alike enough to thousands of
   others costs PARTNERS comparisons, not thousands. (:func:`partner_pairs`; needs every
   pair of a row: split pairs by row, each pair going to both of its rows.)
4. Every pair kept is compared on its exact Jaccard similarity (:func:`verified_pairs`).

Nothing depends on the order in which pairs are compared, so a cluster of machines that
splits the rows, the buckets and the pairs among its workers finds exactly the pairs one
process finds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

ANCHORS = 64  # a bucket larger than this pairs each member with its first ANCHORS members
PARTNERS = 32  # a row is compared with its first PARTNERS candidate partners (and twins)

Pairs = tuple[np.ndarray, np.ndarray]  # positions (a, b), a < b


def no_pairs() -> Pairs:
    return np.zeros(0, np.int64), np.zeros(0, np.int64)


def unique_pairs(a: np.ndarray, b: np.ndarray) -> Pairs:
    """The distinct pairs, sorted by (a, b)."""
    if not len(a):
        return no_pairs()
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    fresh = np.ones(len(a), dtype=bool)
    fresh[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[fresh].astype(np.int64), b[fresh].astype(np.int64)


def twin_pairs(rows: np.ndarray, bands: np.ndarray) -> Pairs:
    """(first, other) for every row whose band numbers equal an earlier row's; ``rows`` are
    positions, ``bands`` their band numbers (one row each)."""
    if not len(rows):
        return no_pairs()
    maybe = _shared_keys(bands[:, 0])  # a twin shares the first band number, at least
    rows, bands = rows[maybe], bands[maybe]
    if not len(rows):
        return no_pairs()
    order = np.argsort(rows, kind="stable")
    rows, bands = rows[order], bands[order]
    _, first, group = np.unique(bands, axis=0, return_index=True, return_inverse=True)
    leader = rows[first][group.reshape(-1)]
    others = leader != rows
    return unique_pairs(leader[others], rows[others])


def _anchored(members: np.ndarray) -> Pairs:
    """Candidate pairs of one bucket (members sorted by position)."""
    if len(members) <= ANCHORS:
        i, j = np.triu_indices(len(members), 1)
        return members[i], members[j]
    anchors = members[:ANCHORS]
    rest = np.repeat(members, ANCHORS)
    tiled = np.tile(anchors, len(members))
    different = rest != tiled
    return np.minimum(rest, tiled)[different], np.maximum(rest, tiled)[different]


def bucket_pairs(band: np.ndarray, key: np.ndarray, rows: np.ndarray, sizes: np.ndarray,
                 threshold: float) -> Pairs:
    """Candidate pairs of the buckets in these entries (each: a band, its number, a row and
    the size of its shingle set), without those the sizes rule out."""
    if not len(rows):
        return no_pairs()
    order = _shared_keys(key)
    order = order[np.lexsort((rows[order], key[order], band[order]))]
    band, key, rows = band[order], key[order], rows[order]
    same = (band[1:] == band[:-1]) & (key[1:] == key[:-1])
    if not same.any():
        return no_pairs()
    edges = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
    starts, ends = edges[::2], edges[1::2] + 1
    found_a, found_b = _small_buckets(rows, starts, ends - starts)
    large = ends - starts > ANCHORS
    for start, end in zip(starts[large].tolist(), ends[large].tolist(), strict=True):
        a, b = _anchored(rows[start:end])
        found_a.append(a)
        found_b.append(b)
    a, b = unique_pairs(np.concatenate(found_a), np.concatenate(found_b))
    return sized(a, b, rows, sizes[order], threshold)


def _shared_keys(key: np.ndarray) -> np.ndarray:
    """The entries whose band number another entry also has: only they can share a bucket
    (a bucket is a band and a number). One sort of the numbers alone finds them, so the
    three-key sort that orders the buckets runs on these few, not on every entry (most
    rows of a file are in no bucket: measured 1.1 s of 1.6 s on 100,000 rows)."""
    order = np.argsort(key)
    sorted_key = key[order]
    same = sorted_key[1:] == sorted_key[:-1]
    shared = np.zeros(len(key), dtype=bool)
    shared[1:] = same
    shared[:-1] |= same
    return order[shared]


def _small_buckets(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray
                   ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every pair of each bucket of at most ANCHORS rows (``rows[start:start + count]``),
    the buckets of one size at a time: a matrix of their members, a row per bucket."""
    found_a, found_b = [], []
    for size in np.unique(counts[counts <= ANCHORS]).tolist():
        first = starts[counts == size]
        members = rows[first[:, None] + np.arange(size)]
        i, j = np.triu_indices(size, 1)
        found_a.append(members[:, i].ravel())
        found_b.append(members[:, j].ravel())
    return found_a, found_b


def sized(a: np.ndarray, b: np.ndarray, rows: np.ndarray, sizes: np.ndarray,
          threshold: float) -> Pairs:
    """The pairs whose set sizes (``sizes`` of ``rows``) leave the threshold possible
    (smaller >= threshold x larger)."""
    if not len(a):
        return a, b
    known, first = np.unique(rows, return_index=True)
    size = sizes[first].astype(np.float64)
    sa, sb = size[np.searchsorted(known, a)], size[np.searchsorted(known, b)]
    keep = ~(np.minimum(sa, sb) < threshold * np.maximum(sa, sb))
    return a[keep], b[keep]


def partner_pairs(a: np.ndarray, b: np.ndarray, rows: np.ndarray | None = None) -> Pairs:
    """The pairs among the first PARTNERS partners of either row (``rows``: decide only for
    these rows; None: for every row)."""
    if not len(a):
        return no_pairs()
    row, partner = np.concatenate((a, b)), np.concatenate((b, a))
    if rows is not None:
        mine = np.isin(row, rows)
        row, partner = row[mine], partner[mine]
    row, partner = unique_pairs(row, partner)
    if not len(row):
        return no_pairs()
    index = np.arange(len(row))
    starts = np.ones(len(row), dtype=bool)
    starts[1:] = row[1:] != row[:-1]
    rank = index - np.maximum.accumulate(np.where(starts, index, 0))
    keep = rank < PARTNERS
    row, partner = row[keep], partner[keep]
    return unique_pairs(np.minimum(row, partner), np.maximum(row, partner))


def verified_pairs(a: np.ndarray, b: np.ndarray, shingles: Callable[[int], np.ndarray],
                   similarity: Callable[[np.ndarray, np.ndarray], float], threshold: float
                   ) -> list[tuple[int, int, float]]:
    """(a, b, similarity) of the pairs whose exact Jaccard reaches the threshold."""
    out = []
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        sim = similarity(shingles(x), shingles(y))
        if sim >= threshold:
            out.append((x, y, sim))
    return out


def candidate_pairs(bands: np.ndarray, sizes: np.ndarray, threshold: float) -> Pairs:
    """Every pair the rule compares, for rows 0..n-1 with these band numbers and set sizes
    (one process; a cluster runs the same steps on its splits of the rows)."""
    rows = np.flatnonzero(sizes > 0)
    twins = twin_pairs(rows, bands[rows])
    reps = np.setdiff1d(rows, twins[1], assume_unique=True)
    twins = sized(*twins, rows, sizes[rows], threshold)
    width = bands.shape[1]
    band = np.repeat(np.arange(width, dtype=np.int64)[None, :], len(reps), axis=0)
    found = bucket_pairs(band.reshape(-1), bands[reps].reshape(-1),
                         np.repeat(reps, width), np.repeat(sizes[reps], width), threshold)
    kept = partner_pairs(*found)
    return unique_pairs(np.concatenate((twins[0], kept[0])), np.concatenate((twins[1], kept[1])))
