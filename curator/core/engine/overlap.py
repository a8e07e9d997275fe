"""A small file's rows checked by two processes at once, split by family.

Rows are split between worker processes only in files of more than one chunk
(pipeline._workers); a file of one chunk was checked by one process with every family,
which spent most of its time waiting for one family's start: the tokens family's tokenizer
takes longer to build (its ranks into the Rust BPE, holding the GIL) than checking a few
hundred rows with every other family. Here one forked worker (the pool's side worker, kept
for the next file) checks the same rows with the families that start slowly
(:attr:`Family.slow_start`) and those tied to them by ``reads``, while this process checks
them with the rest; the two results are merged into exactly what one process makes: the
same findings in the same order, the same parts.

Only where workers start by fork (`curator-cli`: :func:`pool.fork_workers`): a fork costs a
few milliseconds and shares every module loaded, where a spawned worker would import them
all again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from curator.core.engine import chunks
from curator.core.engine.chunks import ChunkResult, check_chunk
from curator.core.engine.pool import side_worker, stop_workers
from curator.core.families.protocol import Family, Run
from curator.core.model.findings import Finding


def apart(families: Sequence[Family]) -> list[Family] | None:
    """The families a worker checks with: the slow starters and every family tied to them
    by ``reads`` (either way, transitively), in registry order; None when that leaves this
    process nothing to do (or the worker nothing)."""
    names = {f.name for f in families if f.slow_start}
    grew = True
    while grew:
        before = len(names)
        for family in families:
            if family.name in names:
                names.update(family.reads)
            elif names.intersection(family.reads):
                names.add(family.name)
        grew = len(names) > before
    there = [f for f in families if f.name in names]
    return there if 0 < len(there) < len(families) else None


def check_overlapped(path: str, bounds: Sequence[tuple[int, int]], run: Run,
                     families: Sequence[Family], there: Sequence[Family]
                     ) -> Iterator[ChunkResult]:
    """Each chunk of ``bounds``, checked with ``there`` in the side worker and with the
    other families here, merged; in file order. Every chunk goes to the worker at once (a
    small file has a few), so it never waits for this process. A worker that dies (killed,
    out of memory) leaves its part of the remaining chunks to this process."""
    here = [f for f in families if f not in there]
    try:
        jobs = _submit(path, bounds, run, there)
    except BrokenProcessPool:  # the worker died between files: start another
        stop_workers()
        jobs = _submit(path, bounds, run, there)
    broken = False
    try:
        for (start, end), job in zip(bounds, jobs, strict=True):
            mine = check_chunk(path, start, end, run, here)
            theirs = None if broken else _result(job)
            if theirs is None:  # the worker died: this chunk and the rest are checked here
                broken = True
                theirs = check_chunk(path, start, end, run, there)
            yield merged(mine, theirs, families)
    finally:
        for job in jobs:
            job.cancel()


def _result(job: Future[ChunkResult]) -> ChunkResult | None:
    """The worker's result, or None if it died (its pool ended: the next check starts a
    new worker)."""
    try:
        return job.result()
    except BrokenProcessPool:
        stop_workers()
        return None


def _submit(path: str, bounds: Sequence[tuple[int, int]], run: Run, there: Sequence[Family]
            ) -> list[Future[ChunkResult]]:
    worker = side_worker()
    return [worker.submit(check_chunk, path, start, end, run, list(there))
            for start, end in bounds]


def merged(mine: ChunkResult, theirs: ChunkResult, families: Sequence[Family]) -> ChunkResult:
    """One chunk's results from two disjoint sets of families, as one process checking with
    all of them would have made them.

    That process checks each batch of :data:`chunks.BATCH_ROWS` lines family by family, so its
    findings come ordered by batch, then by family, each family's in the order it made them;
    both lists keep that order for their own families, so a stable sort of the two on
    (batch, family) puts every finding back in its place.
    """
    rank = {code: i for i, family in enumerate(families) for code in family.codes}
    last, batch = len(families), chunks.BATCH_ROWS

    def place(finding: Finding) -> tuple[int, int]:
        return (finding.line - 1) // batch, rank.get(finding.code, last)

    result = ChunkResult(mine.lines, mine.examples,
                         sorted(mine.findings + theirs.findings, key=place), mine.numbers)
    both = {**theirs.parts, **mine.parts}
    result.parts = {f.name: both[f.name] for f in families if f.name in both}
    for seconds in (mine.seconds, theirs.seconds):
        for stage, value in seconds.items():
            result.seconds[stage] = result.seconds.get(stage, 0.0) + value
    return result
