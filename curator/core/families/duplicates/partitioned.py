"""The near-duplicate pair rule of :mod:`~curator.core.families.duplicates.pairs`, run as a
cluster runs it: on rows split into chunks, shuffled by key between steps, so that no step
ever needs every row (as NeMo Curator and datatrove partition LSH buckets).

Each step takes the pieces the previous step sent to its partition and returns pieces for
the next, one per partition; nothing in a step depends on which other rows the partition
holds or in what order the pieces arrive, which is why the pairs are exactly
:func:`~curator.core.families.duplicates.pairs.candidate_pairs`'s, for any number of
partitions (a test compares them on many splits):

1. :func:`chunk_step`, per chunk of rows: each row, by its first band number, to the
   partition that finds its twins (copies have equal band numbers throughout).
2. :func:`twin_step`, per partition: the twin pairs, and every band of each remaining row,
   by (band, band number), to the partition that holds that bucket.
3. :func:`bucket_step`, per partition: the candidate pairs of whole buckets, each pair to
   the partitions of both its rows.
4. :func:`partner_step`, per partition: the pairs among each of its rows' first partners.

The union of the twin pairs and the partner pairs is what is verified (where the shingle sets
live) with :func:`~curator.core.families.duplicates.pairs.verified_pairs`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from curator.core.families.duplicates.pairs import (
    Pairs,
    bucket_pairs,
    partner_pairs,
    sized,
    twin_pairs,
    unique_pairs,
)

Rows = tuple[np.ndarray, np.ndarray, np.ndarray]  # positions, band numbers (n, bands), sizes
Entries = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # band, number, row, size


def _split(where: np.ndarray, parts: int, *columns: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """The columns' rows cut by partition number ``where`` (0..parts-1), in order."""
    return [tuple(column[where == part] for column in columns) for part in range(parts)]


def _partition(values: np.ndarray, parts: int) -> np.ndarray:
    return (values.astype(np.uint64) % np.uint64(parts)).astype(np.int64)


def chunk_step(positions: np.ndarray, bands: np.ndarray, sizes: np.ndarray, parts: int
               ) -> list[Rows]:
    """A chunk's rows (file positions, band numbers, shingle set sizes) by the partition of
    their first band number; rows without shingles take no part."""
    some = sizes > 0
    positions, bands, sizes = positions[some], bands[some], sizes[some]
    first = bands[:, 0] if len(bands) else np.zeros(0, np.uint64)
    return [(p, b, s) for p, b, s in _split(_partition(first, parts), parts, positions, bands,
                                             sizes)]


def _concat(pieces: Sequence[tuple[np.ndarray, ...]], index: int, empty: np.ndarray
            ) -> np.ndarray:
    arrays = [piece[index] for piece in pieces if len(piece[index])]
    return np.concatenate(arrays) if arrays else empty


def twin_step(pieces: Sequence[Rows], width: int, threshold: float, parts: int
              ) -> tuple[Pairs, list[Entries]]:
    """The twin pairs among these rows, and the bands of the others (each row's group
    leader) by the partition of their bucket."""
    rows = _concat(pieces, 0, np.zeros(0, np.int64))
    bands = _concat(pieces, 1, np.zeros((0, width), np.uint64))
    sizes = _concat(pieces, 2, np.zeros(0, np.int64))
    twins = twin_pairs(rows, bands)
    reps = ~np.isin(rows, twins[1])
    twins = sized(*twins, rows, sizes, threshold)
    rows, bands, sizes = rows[reps], bands[reps], sizes[reps]
    band = np.tile(np.arange(width, dtype=np.int64), len(rows))
    number = bands.reshape(-1)
    bucket = _partition(number ^ band.astype(np.uint64), parts)
    entries = _split(bucket, parts, band, number, np.repeat(rows, width),
                     np.repeat(sizes, width))
    return twins, [(b, n, r, s) for b, n, r, s in entries]


def bucket_step(pieces: Sequence[Entries], threshold: float, parts: int) -> list[Pairs]:
    """The candidate pairs of these whole buckets, each pair sent to both its rows'
    partitions (once when they share one)."""
    empty = np.zeros(0, np.int64)
    a, b = bucket_pairs(_concat(pieces, 0, empty), _concat(pieces, 1, np.zeros(0, np.uint64)),
                        _concat(pieces, 2, empty), _concat(pieces, 3, empty), threshold)
    of_a, of_b = _partition(a, parts), _partition(b, parts)
    out: list[Pairs] = []
    for part in range(parts):
        mine = (of_a == part) | (of_b == part)
        out.append((a[mine], b[mine]))
    return out


def partner_step(pieces: Sequence[Pairs], part: int, parts: int) -> Pairs:
    """The pairs kept for this partition's rows: among each row's first partners."""
    empty = np.zeros(0, np.int64)
    a, b = _concat(pieces, 0, empty), _concat(pieces, 1, empty)
    ends = np.unique(np.concatenate((a, b)))
    return partner_pairs(a, b, ends[_partition(ends, parts) == part])


def split_candidate_pairs(bands: np.ndarray, sizes: np.ndarray, threshold: float,
                          chunks: Sequence[int], parts: int) -> Pairs:
    """The four steps in one process over rows cut at ``chunks`` (start positions) into
    ``parts`` partitions: what a cluster does, for tests and for the record."""
    width = bands.shape[1]
    starts = [*chunks, len(bands)]
    sent = [chunk_step(np.arange(s, e), bands[s:e], sizes[s:e], parts)
            for s, e in itertools.pairwise(starts)]
    twins = [twin_step([piece[p] for piece in sent], width, threshold, parts)
             for p in range(parts)]
    buckets = [bucket_step([entries[p] for _, entries in twins], threshold, parts)
               for p in range(parts)]
    kept = [partner_step([pairs[p] for pairs in buckets], p, parts) for p in range(parts)]
    found = [pairs for pairs, _ in twins] + kept
    return unique_pairs(np.concatenate([a for a, _ in found]),
                        np.concatenate([b for _, b in found]))
