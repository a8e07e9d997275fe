"""Near duplicates joined on a cluster: the steps its workers run on the chunks' payloads
(band numbers and shingle sets, which stay where they were made), and what the client gets
back: the verified pairs, and a way to fetch the shingle sets of the few rows it asks for.

The steps are those of :mod:`~curator.core.families.duplicates.partitioned` (so the pairs
are exactly one process's), plus the verification: the candidate pairs are split by the
partition of their first row, each partition asks each chunk for the shingle sets of its
rows, and compares them on their exact Jaccard similarity. Only verified pairs reach the
client; the conclusion then fetches the sets of the rows in clusters (for the similarity
a dropped row has to the row kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from curator.core.families.duplicates.lsh import jaccard
from curator.core.families.duplicates.pairs import Pairs, unique_pairs, verified_pairs
from curator.core.families.duplicates.partitioned import Rows, chunk_step

Sets = dict[int, np.ndarray]  # position -> shingle set
Verified = list[tuple[int, int, float]]  # positions (a < b) and their similarity


@dataclass
class JoinedPairs:
    """The duplicates payload of a whole file whose near duplicates a cluster joined:
    positions are the file's examples in order (0 the first), as ``columns`` has them."""

    pairs: Verified
    fetch: Callable[[np.ndarray], Sets]  # the shingle sets of these positions


def chunk_rows(payload: Any, offset: int, parts: int) -> list[Rows]:
    """A chunk's rows (its payload: band numbers and shingle sets; its first position) by
    the partition that finds their twins."""
    bands, (_, counts) = payload
    return chunk_step(offset + np.arange(len(counts), dtype=np.int64), bands, counts, parts)


def split_pairs(pairs: Pairs, parts: int) -> list[Pairs]:
    """These pairs by the partition of their first row (which verifies them)."""
    a, b = pairs
    where = a % parts
    return [(a[where == part], b[where == part]) for part in range(parts)]


def distinct_pairs(*found: Pairs) -> Pairs:
    """The distinct pairs of these pieces, sorted."""
    a = np.concatenate([pairs[0] for pairs in found]) if found else np.zeros(0, np.int64)
    b = np.concatenate([pairs[1] for pairs in found]) if found else np.zeros(0, np.int64)
    return unique_pairs(a, b)


def wanted_by_chunk(pairs: Pairs, starts: Sequence[int]) -> list[np.ndarray]:
    """The rows of these pairs, split by the chunk that holds them (``starts``: the first
    position of each chunk, and the total at the end)."""
    rows = np.unique(np.concatenate(pairs))
    edges = np.searchsorted(rows, np.asarray(starts))
    return [rows[edges[i]:edges[i + 1]] for i in range(len(starts) - 1)]


def sets_of(payload: Any, offset: int, *wanted: np.ndarray) -> list[Sets]:
    """For each request, the shingle sets of its rows (positions in this chunk)."""
    _, (hashes, counts) = payload
    ends = np.cumsum(counts)
    starts = ends - counts
    return [{int(row): hashes[starts[row - offset]:ends[row - offset]].copy()
             for row in rows.tolist()} for rows in wanted]


def sets_of_chunks(chunks: Sequence[int], offsets: Sequence[int], requests: int,
                   *given: Any) -> list[Sets]:
    """:func:`sets_of` over several chunks in one task (the chunks one worker holds): for
    each of ``requests`` requests (the first of ``given``: each a list of rows by chunk, as
    :func:`wanted_by_chunk` makes it), the shingle sets of its rows in these chunks (``chunks``
    their numbers, ``offsets`` their first positions, their payloads the rest of ``given``)."""
    wanted, payloads = given[:requests], given[requests:]
    out: list[Sets] = [{} for _ in range(requests)]
    for chunk, offset, payload in zip(chunks, offsets, payloads, strict=True):
        found = sets_of(payload, offset, *(rows[chunk] for rows in wanted))
        for into, sets in zip(out, found, strict=True):
            into.update(sets)
    return out


def verify(threshold: float, pairs: Pairs, *sets: Sets) -> Verified:
    """The pairs whose shingle sets (gathered from their chunks) reach the threshold."""
    known: Sets = {}
    for found in sets:
        known.update(found)
    return verified_pairs(pairs[0], pairs[1], known.__getitem__, jaccard, threshold)


def merged(*sets: Sets) -> Sets:
    out: Sets = {}
    for found in sets:
        out.update(found)
    return out
