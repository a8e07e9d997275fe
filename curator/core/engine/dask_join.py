"""The near-duplicate join of ``--dask``, on the cluster: each chunk's band numbers and
shingle sets stay on the worker that made them; rows are shuffled by their first band number
(twins), bands by bucket, pairs by row (the partner limit) and by partition (verification),
and only the verified pairs come back, with the shingle sets of the rows the conclusion asks
for. The steps are :mod:`curator.core.families.duplicates.partitioned`'s and
:mod:`~curator.core.families.duplicates.joined`'s, which give exactly one process's pairs.

Every function here that runs on a worker is a plain module-level function: workers import
this module, never Dask through it (the client passes itself in).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, ParamSpec, TypeVar, cast

import numpy as np

from curator.core.engine.chunks import ChunkResult
from curator.core.engine.dask_engine import ClientPool, failure
from curator.core.families.duplicates import joined
from curator.core.families.duplicates.lsh import band_shape
from curator.core.families.duplicates.pairs import Pairs
from curator.core.families.duplicates.partitioned import (
    Entries,
    Rows,
    bucket_step,
    partner_step,
    twin_step,
)
from curator.core.families.protocol import ChunkPart

P = ParamSpec("P")
T = TypeVar("T")

NAME = "duplicates"  # the family whose payloads stay on the workers


def detach(result: ChunkResult, name: str) -> ChunkResult:
    """On a worker: the chunk's result without ``name``'s payload (which stays there)."""
    part = result.parts.get(name)
    if part is None:
        return result
    kept = ChunkPart(part.columns, None, part.summary)
    return replace(result, parts={**result.parts, name: kept})


def payload_of(result: ChunkResult, name: str) -> Any:
    part = result.parts.get(name)
    return part.payload if part is not None else None


def pick(value: Any, *path: int) -> Any:
    for key in path:
        value = value[key]
    return value


def _twins(width: int, threshold: float, parts: int, *pieces: Rows
           ) -> tuple[Pairs, list[Entries]]:
    return twin_step(pieces, width, threshold, parts)


def _buckets(threshold: float, parts: int, *pieces: Entries) -> list[Pairs]:
    return bucket_step(pieces, threshold, parts)


def _partners(part: int, parts: int, *pieces: Pairs) -> Pairs:
    return partner_step(pieces, part, parts)


def gather(client: Any, futures: list[Any]) -> list[Any]:
    """The results of these tasks, a failure of the cluster said as one (exit 2)."""
    try:
        return cast("list[Any]", client.gather(futures))
    except Exception as exc:
        raise failure(exc) from exc


class HoldingPool(ClientPool):
    """The cluster as an executor that keeps each chunk's duplicates payload on the workers
    (:attr:`held`, one future per chunk in submission order) and brings back the rest.

    As each chunk's result reaches the client (in file order, so its first row is known),
    :meth:`arrived` starts the join's first step on that chunk (its rows by partition),
    where the payload is, while the rest of the file is being checked."""

    def __init__(self, client: Any, parts: int) -> None:
        super().__init__(client)
        self.parts = parts
        self.held: list[Any] = []
        self.starts = [0]  # the first row of each arrived chunk, and the next one's
        self.sent: list[list[Any]] = [[] for _ in range(parts)]  # by partition, chunk order

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        whole = self.client.submit(fn, *args, pure=False, **kwargs)
        self.held.append(self.client.submit(payload_of, whole, NAME, pure=False))
        return cast("Future[T]", super().submit(detach, whole, NAME))

    def arrived(self, examples: int) -> None:
        """The next chunk's result is here: it holds ``examples`` examples."""
        chunk, client = len(self.starts) - 1, self.client
        rows = client.submit(joined.chunk_rows, self.held[chunk], self.starts[-1], self.parts,
                             pure=False)
        for part, sent in enumerate(self.sent):
            sent.append(client.submit(pick, rows, part, pure=False))
        self.starts.append(self.starts[-1] + examples)


def near_pairs(pool: HoldingPool, threshold: float) -> joined.JoinedPairs:
    """Join the held payloads (every chunk :meth:`~HoldingPool.arrived`) on the cluster."""
    client, held, parts, starts = pool.client, pool.held, pool.parts, pool.starts

    def submit(fn: Callable[..., Any], *args: Any) -> Any:
        return client.submit(fn, *args, pure=False)

    width = band_shape(threshold)[0]
    twins = [submit(_twins, width, threshold, parts, *pool.sent[p]) for p in range(parts)]
    buckets = [submit(_buckets, threshold, parts, *[submit(pick, t, 1, q) for t in twins])
               for q in range(parts)]
    found = [submit(pick, t, 0) for t in twins] + [
        submit(_partners, p, parts, *[submit(pick, b, p) for b in buckets])
        for p in range(parts)]
    split = [submit(joined.split_pairs, f, parts) for f in found]  # by first row
    routed = [submit(joined.distinct_pairs, *[submit(pick, s, v) for s in split])
              for v in range(parts)]
    wanted = [submit(joined.wanted_by_chunk, r, starts) for r in routed]
    groups = by_worker(client, held)
    sets = [held_sets(client, group, held, starts, wanted) for group in groups]
    verified = [submit(joined.verify, threshold, routed[v], *[submit(pick, s, v) for s in sets])
                for v in range(parts)]
    pairs = sorted(pair for part in gather(client, verified) for pair in part)

    def fetch(rows: np.ndarray) -> joined.Sets:
        rows = np.unique(rows)
        edges = np.searchsorted(rows, np.asarray(starts))
        by_chunk = [rows[edges[c]:edges[c + 1]] for c in range(len(held))]
        asked = [(worker, [c for c in chunks if len(by_chunk[c])]) for worker, chunks in groups]
        jobs = [held_sets(client, group, held, starts, [by_chunk]) for group in asked
                if group[1]]
        return joined.merged(*(got[0] for got in gather(client, jobs)))

    return joined.JoinedPairs(pairs, fetch)


Group = tuple[str | None, list[int]]  # a worker (None: any) and chunks it holds


def by_worker(client: Any, held: list[Any]) -> list[Group]:
    """The chunks (their numbers), grouped by a worker that holds their payload, so that
    one task per worker reads them all there: one task per chunk, with the pieces each
    needs picked out by tasks of their own, took about a second per 100,000 examples in
    scheduling and transfers alone. Where the payloads are changes nothing but the time:
    a task whose payloads are elsewhere has Dask bring them."""
    where = client.who_has(held)
    groups: dict[str, list[int]] = {}
    for chunk, future in enumerate(held):
        holders = sorted(where.get(future.key, ()))
        groups.setdefault(holders[0] if holders else "", []).append(chunk)
    return [(worker or None, groups[worker]) for worker in sorted(groups)]


def held_sets(client: Any, group: Group, held: list[Any], starts: list[int],
              wanted: list[Any]) -> Any:
    """One task, on the worker that holds this group's payloads (a preference: elsewhere,
    Dask brings them): for each request in ``wanted`` (rows by chunk), the shingle sets of
    its rows in these chunks."""
    worker, chunks = group
    return client.submit(joined.sets_of_chunks, chunks, [starts[c] for c in chunks],
                         len(wanted), *wanted, *[held[c] for c in chunks], pure=False,
                         workers=[worker] if worker else None, allow_other_workers=True)
