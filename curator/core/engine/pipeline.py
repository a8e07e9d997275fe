"""Run the registered check families over a file or a dataset, as a generator of progress.

Drive it with :func:`finish`, or iterate it and stop to cancel. A file is cut into chunks at
line boundaries; each chunk is read and checked on its own (in worker processes when the file
is large, in this process otherwise, on a Dask cluster with ``--dask``: see dask_engine), so
memory stays flat at any file size and both cores work. Chunks report line numbers relative
to themselves; the driver, which receives them in order, shifts them into place. Then each
family concludes over the whole file's metrics, in registry order, and the report is every
finding selected and sorted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from curator.core.engine.chunks import ChunkResult, RowChecker, check_chunk
from curator.core.engine.metrics import Gathered, frame_of
from curator.core.engine.overlap import apart, check_overlapped
from curator.core.engine.pool import executor, forking, forks_next, in_order
from curator.core.engine.settings import default_settings
from curator.core.families import registered
from curator.core.families.protocol import Conclusion, Family, FileFacts, Run, same_line
from curator.core.model.columns import Columns
from curator.core.model.dataset import Dataset
from curator.core.model.findings import FileReport, Finding, select_findings, sort_findings
from curator.core.model.jsonl import LineReader, chunk_bounds, parse_line
from curator.core.model.locations import Location, is_url, open_binary, size_of
from curator.core.model.settings import Settings
from curator.core.model.shapes import Shape, detect_shape

if TYPE_CHECKING:
    import pandas as pd

CHUNK_BYTES = 2 << 20  # one unit of work (and of progress)
PARALLEL_MIN_BYTES = 16 << 20  # below this, spawning workers costs more than it saves
HEAD_LINES = 2000  # lines read up front to detect the shape


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    stage: str

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass
class Analysis:
    """Everything one check produced: the report, per-example metrics, each family's
    conclusion (by family name) for the views, the CLI and the app's workspace."""

    report: FileReport
    columns: Columns  # per-example metrics, keyed by line
    shape: Shape
    settings: Settings
    conclusions: dict[str, Conclusion] = field(default_factory=dict)
    families: tuple[Family, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)
    row_findings: list[Finding] = field(default_factory=list)  # from the row checks, unselected
    wall: dict[str, float] = field(default_factory=dict)  # wall seconds of each stage
    _frame: pd.DataFrame | None = None

    @property
    def metrics(self) -> pd.DataFrame:
        """The per-example metrics as a pandas DataFrame indexed by line (made once, on
        demand: checking a file does not need pandas)."""
        if self._frame is None:
            self._frame = self.columns.to_pandas()
        return self._frame


def families_for(settings: Settings, only: Collection[str] | None = None) -> list[Family]:
    """The registered families a run uses: the enabled ones (or those named in ``only``),
    with every family they read, in registry order."""
    every = registered()
    wanted = {f.name for f in every if f.enabled(settings) and (only is None or f.name in only)}
    for family in reversed(every):
        if family.name in wanted:
            wanted.update(family.reads)
    return [f for f in every if f.name in wanted]


def make_run(settings: Settings, shape: Shape, families: Sequence[Family], timed: bool = False
             ) -> Run:
    requests: dict[str, Any] = {}
    for family in families:
        requests.update(family.requests(settings))
    return Run(settings, shape, requests, timed)


def warm_up(settings: Settings) -> None:
    """Start the worker pool and load the models ahead of use (the app, at start), so that
    neither opening the first file nor the first edit waits for them."""
    if (os.cpu_count() or 1) > 1:
        executor()
    load_models(settings)


def load_models(settings: Settings) -> None:
    """Load what the row checks of ``settings`` use (the tokenizer, the language model) into
    this process, as the first chunk would."""
    families = families_for(settings)
    RowChecker(make_run(settings, Shape.OPENAI_CHAT, families), families)


def _workers(settings: Settings, size: int) -> int:
    """Processes that share a file's rows: every core for a file of more than one chunk when
    workers fork (they start in milliseconds with what is loaded; on 12 MB of multilingual
    chats, 2.5-2.9 s against 3.2-3.4 s for the split by family), for one of
    PARALLEL_MIN_BYTES when they are spawned (they import everything again); else one (and
    with a fork, the split by family: overlap.py)."""
    if settings.core.workers is not None:
        return max(1, settings.core.workers)
    shared = size > CHUNK_BYTES if forking() else size >= PARALLEL_MIN_BYTES
    return (os.cpu_count() or 1) if shared else 1


def _overlaps(settings: Settings, workers: int, chunks: int) -> bool:
    """Whether rows that no workers share (a small file, or one chunk) get a worker by
    family (overlap.py): when workers fork, the machine has a second core and ``--workers``
    is not 1."""
    return ((workers == 1 or chunks == 1) and settings.core.workers != 1 and forking()
            and (os.cpu_count() or 1) > 1)


def _head_shape(path: Location, max_line: int) -> tuple[Shape, bool]:
    """Detect the shape from the first objects of the file; also report a BOM."""
    with open_binary(path) as stream:
        reader = LineReader(stream, chunk_size=1 << 20)
        values: list[dict[str, Any]] = []
        for line in reader:
            if line.number > HEAD_LINES and values:
                break
            if len(line.data) > max_line:
                continue
            value, _ = parse_line(line.data)
            if value is not None:
                values.append(value)
        return detect_shape(values), reader.bom


def _run_chunks(path: Location, size: int, run: Run, families: list[Family], workers: int,
                joined: dict[str, Any], wall: dict[str, float]
                ) -> Iterator[tuple[int, ChunkResult]]:
    """Results in file order, with the end offset of each chunk (and in ``joined``, the
    payloads a cluster joined for the whole file; in ``wall``, the cluster's own stages)."""
    if run.settings.core.dask is not None:
        yield from _cluster_chunks(path, size, run, families, joined, wall)
        return
    taper = workers * CHUNK_BYTES if workers > 1 else 0  # workers finish together
    bounds = chunk_bounds(path, size, CHUNK_BYTES, taper)
    there = apart(families) if _overlaps(run.settings, workers, len(bounds)) else None
    if there is not None:
        yield from zip((end for _, end in bounds),
                       check_overlapped(str(path), bounds, run, families, there), strict=True)
        return
    if workers <= 1 or len(bounds) == 1:
        for start, end in bounds:
            yield end, check_chunk(str(path), start, end, run, families)
        return
    if forks_next():
        RowChecker(run, families)  # load the models now: forked workers share them
    jobs = [(str(path), start, end, run, families) for start, end in bounds]
    ends = (end for _, end in bounds)
    yield from zip(ends, in_order(check_chunk, jobs, window=workers * 2), strict=False)


def _cluster_chunks(path: Location, size: int, run: Run, families: list[Family],
                    joined: dict[str, Any], wall: dict[str, float]
                    ) -> Iterator[tuple[int, ChunkResult]]:
    """The same chunks on a Dask cluster (``--dask``): its workers read them from the path,
    and keep the near-duplicate payloads, joined there once every chunk is checked. The
    wall time of starting (or reaching) the cluster and of the join, both within the rows'
    stage, go to ``wall["rows:cluster"]`` and ``wall["rows:join"]``."""
    from curator.core.engine.dask_engine import cluster_pool
    from curator.core.engine.dask_join import NAME, HoldingPool, near_pairs
    from curator.core.families.duplicates.settings import DuplicateSettings

    # the workers' working folders are not this one: an absolute path, or the URL
    where: Path | str = path if isinstance(path, str) and is_url(path) else Path(path).resolve()
    clock = time.perf_counter()
    pool, slots = cluster_pool(run.settings.core.dask or "local", run.settings.core.workers,
                               where, size)
    wall["rows:cluster"] = time.perf_counter() - clock
    holding = (HoldingPool(pool.client, slots) if any(f.name == NAME for f in families)
               else None)
    bounds = chunk_bounds(path, size, CHUNK_BYTES, slots * CHUNK_BYTES)
    jobs = [(str(where), start, end, run, families) for start, end in bounds]
    for (_, end), result in zip(bounds, in_order(check_chunk, jobs, window=slots * 2,
                                                 pool=holding or pool), strict=False):
        if holding is not None:
            holding.arrived(len(result.numbers))
        yield end, result
    if holding is not None:
        threshold = run.settings.of(DuplicateSettings).near_duplicate_threshold
        clock = time.perf_counter()
        joined[NAME] = near_pairs(holding, threshold)
        wall["rows:join"] = time.perf_counter() - clock


class _Totals:
    """The chunks of one run, joined in file order."""

    def __init__(self) -> None:
        self.lines = self.examples = 0
        self.findings: list[Finding] = []
        self.gathered = Gathered()
        self.seconds: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def merge(self, result: ChunkResult) -> None:
        offset = self.lines
        if offset:
            self.findings.extend(replace(f, line=f.line + offset) for f in result.findings)
        else:
            self.findings.extend(result.findings)
        numbers = np.frombuffer(result.numbers, dtype=np.int64) + offset
        self.gathered.add(numbers, result.parts)
        self.examples += result.examples
        self.lines += result.lines
        for stage, seconds in result.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


def _conclude(totals: _Totals, shape: Shape, path: str, settings: Settings,
              families: list[Family], bom: bool) -> Analysis:
    """Each family's conclusion over the whole file, then the report."""
    wall = totals.wall
    clock = time.perf_counter()
    columns = frame_of(totals.gathered, families)
    wall["columns"] = time.perf_counter() - clock
    conclusions: dict[str, Conclusion] = {}
    findings = list(totals.findings)
    seconds = totals.seconds
    for family in families:
        started, clock = time.process_time(), time.perf_counter()
        facts = FileFacts(columns, totals.gathered.payloads(family.name), totals.examples,
                          shape, settings, bom, dict(conclusions),
                          totals.gathered.summaries(family.name))
        conclusion = conclusions[family.name] = family.conclude(facts)
        findings.extend(conclusion.all_findings(same_line))
        seconds[family.name] = seconds.get(family.name, 0.0) + time.process_time() - started
        wall[f"conclude:{family.name}"] = time.perf_counter() - clock
    clock = time.perf_counter()
    core = settings.core
    report = FileReport(path, totals.examples, str(shape),
                        sort_findings(select_findings(findings, core.select, core.ignore)))
    wall["report"] = time.perf_counter() - clock
    return Analysis(report, columns, shape, settings, conclusions, tuple(families), seconds,
                    totals.findings, wall)


def validate_path(path: str | os.PathLike[str], settings: Settings | None = None,
                  only: Collection[str] | None = None, timed: bool = False
                  ) -> Generator[Progress, None, Analysis]:
    """Stream and check one file (with ``only`` some families, and those they read;
    ``timed``: each family's row checks are timed, in ``Analysis.seconds["rows:name"]``).
    ``path`` may be a URL (locations) that fsspec reads: each worker reads its own ranges.
    Raises OSError if it cannot be read."""
    settings = settings or default_settings()
    file: Location = path if is_url(path) else Path(path)
    size = size_of(file)
    clock = time.perf_counter()
    detected, bom = _head_shape(file, settings.core.max_line_bytes)
    shape = settings.core.shape or detected
    families = families_for(settings, only)
    run = make_run(settings, shape, families, timed)
    totals = _Totals()
    totals.wall["head"] = time.perf_counter() - clock
    clock = time.perf_counter()
    for end, result in _run_chunks(file, size, run, families, _workers(settings, size),
                                   totals.gathered.joined, totals.wall):
        totals.merge(result)
        yield Progress(end, size, "checking rows")
    totals.wall["rows"] = time.perf_counter() - clock
    return _conclude(totals, shape, str(path), settings, families, bom)


def validate_dataset(dataset: Dataset, settings: Settings | None = None,
                     keys: Sequence[int] | None = None, only: Collection[str] | None = None
                     ) -> Generator[Progress, None, Analysis]:
    """Check an open dataset (rows already parsed, edits included), in this process.

    ``keys`` numbers the rows in place of their line numbers (the app keeps a stable key per
    row while rows move); findings, metrics and conclusions then speak of keys.
    """
    settings = settings or default_settings()
    rows = dataset.rows
    numbers = keys if keys is not None else range(1, len(rows) + 1)
    shape = settings.core.shape or detect_shape(
        row.value for row in rows[:HEAD_LINES * 5] if row.value is not None)
    families = families_for(settings, only)
    checker = RowChecker(make_run(settings, shape, families), families)
    for start in range(0, len(rows), 2000):
        for i, row in zip(numbers[start:start + 2000], rows[start:start + 2000], strict=True):
            checker.add(i, row.value, row.error, row.blank)
        yield Progress(min(start + 2000, len(rows)), len(rows), "checking rows")
    totals = _Totals()
    totals.merge(checker.close())
    totals.lines = len(rows)  # keys are not line numbers: nothing to shift
    path = str(dataset.path) if dataset.path else "<unsaved>"
    return _conclude(totals, shape, path, settings, families, dataset.bom)


def finish(run: Generator[Progress, None, Analysis]) -> Analysis:
    """Drive a validation generator to the end and return its analysis."""
    while True:
        try:
            next(run)
        except StopIteration as stop:
            analysis: Analysis = stop.value
            return analysis
