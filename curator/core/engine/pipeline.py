"""Run the checks over a file or a dataset as a generator that yields progress.

Drive it with :func:`finish`, or iterate it and stop to cancel. A file is cut into chunks at
line boundaries; each chunk is read and checked on its own (in worker processes when the file
is large, in this process otherwise), so memory stays flat at any file size and both cores
work. Chunks report line numbers relative to themselves; the driver, which receives them in
order, shifts them into place. File-level checks run at the end on what the chunks collected.
"""

from __future__ import annotations

import os
import threading
import time
from array import array
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from curator.core.engine.metrics import MetricsColumns
from curator.core.engine.pool import executor, forks_next, in_order
from curator.core.families.duplicates.clusters import Cluster, check_duplicates
from curator.core.families.duplicates.lsh import (
    NearDuplicateIndex,
    Pair,
    ShingleStore,
    band_keys,
    band_shape,
)
from curator.core.families.duplicates.minhash import (
    DEFAULT_THRESHOLD,
    fingerprint,
    shingle_hashes,
    signatures,
    text_parts,
)
from curator.core.families.jsonlines.findings import (
    blank_line_finding,
    bom_finding,
    parse_error_finding,
)
from curator.core.families.language.detect import detect_text, detector
from curator.core.families.language.expected import check_languages
from curator.core.families.schema.example import check_example
from curator.core.families.schema.file_rules import check_file
from curator.core.families.tokens.counter import ExampleTokens, TokenCounter
from curator.core.families.tokens.lengths import Fences, check_lengths, fences
from curator.core.model.dataset import Dataset
from curator.core.model.findings import FileReport, Finding, select_findings, sort_findings
from curator.core.model.jsonl import BLANK, BOM, LineReader, ParseError, chunk_bounds, parse_line
from curator.core.model.schema import Shape
from curator.core.model.shapes import detect_shape
from curator.core.model.targets import Target

CHUNK_BYTES = 2 << 20  # one unit of work (and of progress)
PARALLEL_MIN_BYTES = 16 << 20  # below this, starting workers costs more than it saves
HEAD_LINES = 2000  # lines read up front to detect the shape


STAGES = ("schema", "tokens", "duplicates", "language")
SCOPES = {"all": frozenset({"user", "assistant"}), "prompts": frozenset({"user"}),
          "answers": frozenset({"assistant"})}


@dataclass(frozen=True)
class Options:
    """What to check and how; ``shape`` None means detect it from the file.

    ``target`` adds the token-limit check and picks the encoding (o200k_base without one).
    ``stages`` turns whole stages off (benchmarks time them one by one).
    ``workers`` None picks by file size: one process for small files, every core otherwise.
    """

    shape: Shape | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    target: Target | None = None
    stages: frozenset[str] = frozenset(STAGES)
    workers: int | None = None
    near_threshold: float = DEFAULT_THRESHOLD
    near_scope: str = "all"  # shingle the user and assistant text, or only "prompts"/"answers"
    languages: tuple[str, ...] = ()  # expected languages; empty: the file's majority
    language_engine: str = "fasttext"

    @property
    def encoding(self) -> str:
        return self.target.encoding if self.target else "o200k_base"

    def row_settings(self, shape: Shape) -> RowSettings:
        return RowSettings(shape, self.encoding, self.stages, self.near_scope,
                           self.language_engine, self.near_threshold)


@dataclass(frozen=True)
class RowSettings:
    """The part of :class:`Options` a worker needs (small, picklable)."""

    shape: Shape
    encoding: str
    stages: frozenset[str]
    scope: str = "all"
    language_engine: str = "fasttext"
    near_threshold: float = DEFAULT_THRESHOLD  # sets the LSH bands the workers compute


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    stage: str

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass
class ChunkResult:
    """What checking one chunk found; line numbers are local to the chunk."""

    lines: int = 0
    examples: int = 0
    findings: list[Finding] = field(default_factory=list)
    metrics: MetricsColumns = field(default_factory=MetricsColumns)
    bands: list[np.ndarray] = field(default_factory=list)  # LSH band numbers, per chunk
    shingles: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # per chunk
    seconds: dict[str, float] = field(default_factory=dict)  # CPU time per stage


@dataclass
class Analysis:
    """Everything one validation produced: the report, and per-example metrics for views."""

    report: FileReport
    metrics: pd.DataFrame
    shape: Shape
    options: Options
    seconds: dict[str, float] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)
    languages: tuple[str, ...] = ()  # the expected languages the check used
    near_index: NearDuplicateIndex | None = None  # keyed by line; for edits and similarity
    pairs: list[Pair] = field(default_factory=list)  # verified near-duplicate pairs
    fences: Fences | None = None  # the length-outlier fences the check used


_COUNTERS = threading.local()


def _counter(encoding: str) -> TokenCounter:
    """One counter per encoding per thread, so its cache serves every chunk; a counter keeps
    per-call state (what to capture), so threads (the app's checks) never share one."""
    counters: dict[str, TokenCounter] = _COUNTERS.__dict__.setdefault("by_encoding", {})
    if encoding not in counters:
        counters[encoding] = TokenCounter(encoding)
    return counters[encoding]


class RowChecker:
    """Row-level checks for one shape, accumulated into a :class:`ChunkResult`."""

    def __init__(self, settings: RowSettings) -> None:
        self.shape = settings.shape
        stages = settings.stages
        self.schema = "schema" in stages
        self.duplicates = "duplicates" in stages
        self.language = detector(settings.language_engine) if "language" in stages else None
        self.counter = _counter(settings.encoding) if stages & {"tokens", "duplicates"} else None
        if self.counter is not None:
            self.counter.forget()
            self.counter.capture = SCOPES[settings.scope] if self.duplicates else frozenset()
        self.result = ChunkResult()
        self.band_shape = band_shape(settings.near_threshold)
        self.metrics = bool(stages & {"tokens", "duplicates", "language"})
        self.ids = array("q")  # token ids of every example, back to back: 8 bytes each, not
        self.id_lengths = array("q")  # the 36 of a list of ints

    def add(self, number: int, value: dict[str, Any] | None, error: ParseError | None,
            blank: bool) -> None:
        result = self.result
        result.lines = number
        if blank:
            result.findings.append(blank_line_finding(number))
            return
        result.examples += 1
        if error is not None:
            result.findings.append(parse_error_finding(number, error))
            return
        if value is None:
            return
        if self.schema:
            result.findings.extend(check_example(value, number, self.shape))
        if not self.metrics:
            return
        tokens = self.counter.example(value, self.shape) if self.counter else ExampleTokens()
        fingerprints = (0, 0, 0)
        language = ("", 0.0)
        if self.duplicates or self.language:
            parts = text_parts(value)
            if self.duplicates:
                fingerprints = _fingerprints(parts)
                captured = self.counter.captured if self.counter else []
                self.ids.extend(captured)
                self.id_lengths.append(len(captured))
            if self.language:
                text = " ".join(text for role, text in parts if role in ("user", "assistant"))
                language = detect_text(text, self.language)
        result.metrics.add(number, tokens, fingerprints, language)

    def close(self) -> ChunkResult:
        """Finish the chunk: signatures for every example in one vectorised pass, cut into
        LSH band numbers (the signatures themselves stay here)."""
        if self.duplicates:
            ids = np.frombuffer(self.ids, dtype=np.int64)
            lengths = np.frombuffer(self.id_lengths, dtype=np.int64)
            starts = np.cumsum(lengths) - lengths
            hashes, counts = shingle_hashes(ids, starts, lengths)
            self.result.bands.append(band_keys(signatures(hashes, counts), *self.band_shape))
            self.result.shingles.append((hashes, counts))
        return self.result

    def add_line(self, number: int, data: bytes) -> None:
        try:  # the common case, a JSON object, without parse_line's error handling
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            value = None
        if type(value) is dict:
            self.add(number, value, None, False)
            return
        value, error = parse_line(data)  # says what is wrong with the line
        if error is BLANK:
            self.add(number, None, None, True)
        else:
            self.add(number, value, error, False)


def _fingerprints(parts: list[tuple[str, str]]) -> tuple[int, int, int]:
    """Whole example, prompt (before the last assistant reply) and that reply."""
    last = max((i for i, (role, _) in enumerate(parts) if role == "assistant"), default=-1)
    if last < 0:
        return fingerprint(parts), 0, 0
    return fingerprint(parts), fingerprint(parts[:last]), fingerprint(parts[last:last + 1])


def row_findings(
    number: int, value: dict[str, Any] | None, error: ParseError | None, blank: bool,
    shape: Shape,
) -> list[Finding]:
    """Row-level findings for one line (used to re-check a single edited row)."""
    checker = RowChecker(RowSettings(shape, "o200k_base", frozenset({"schema"})))
    checker.add(number, value, error, blank)
    return checker.close().findings


def check_chunk(path: str, start: int, end: int, settings: RowSettings) -> ChunkResult:
    """Check the lines in bytes ``[start, end)`` of ``path`` (worker entry point)."""
    started = time.process_time()
    checker = RowChecker(settings)
    with Path(path).open("rb") as stream:
        stream.seek(start)
        data = stream.read(end - start)
    if start == 0 and data.startswith(BOM):
        data = data[len(BOM):]
    lines = data.split(b"\n")
    last = lines.pop()
    add_line = checker.add_line
    for number, piece in enumerate(lines, 1):
        add_line(number, piece)  # a trailing \r is JSON whitespace: no need to strip it
    if last:
        add_line(len(lines) + 1, last)
    result = checker.close()
    result.seconds["rows"] = time.process_time() - started
    return result


def _head_shape(path: Path) -> tuple[Shape, bool]:
    """Detect the shape from the first objects of the file; also report a BOM."""
    with path.open("rb") as stream:
        reader = LineReader(stream, chunk_size=1 << 20)
        values: list[dict[str, Any]] = []
        for line in reader:
            if line.number > HEAD_LINES and values:
                break
            value, _ = parse_line(line.data)
            if value is not None:
                values.append(value)
        return detect_shape(values), reader.bom


def warm_up(options: Options) -> None:
    """Start the worker pool and load the tokenizer and language model ahead of use.

    The app calls this once at start, in the background, so that neither opening the first
    file nor the first edit waits for them.
    """
    if (os.cpu_count() or 1) > 1:
        executor()
    _load_models(options.row_settings(Shape.OPENAI_CHAT))


def _load_models(settings: RowSettings) -> None:
    """The tokenizer and language model this process's checks will use."""
    _counter(settings.encoding)
    if "language" in settings.stages:
        detector(settings.language_engine)


def _workers(options: Options, size: int) -> int:
    if options.workers is not None:
        return max(1, options.workers)
    return (os.cpu_count() or 1) if size >= PARALLEL_MIN_BYTES else 1


def _run_chunks(path: Path, size: int, settings: RowSettings, workers: int
                ) -> Iterator[tuple[int, ChunkResult]]:
    """Results in file order, with the end offset of each chunk."""
    taper = workers * CHUNK_BYTES if workers > 1 else 0  # workers finish together
    bounds = chunk_bounds(path, size, CHUNK_BYTES, taper)
    if workers <= 1 or len(bounds) == 1:
        for start, end in bounds:
            yield end, check_chunk(str(path), start, end, settings)
        return
    if forks_next():
        _load_models(settings)  # forked workers share it (the tokenizer is ~80 MB)
    jobs = [(str(path), start, end, settings) for start, end in bounds]
    ends = (end for _, end in bounds)
    yield from zip(ends, in_order(check_chunk, jobs, window=workers * 2), strict=False)


def _merge(into: ChunkResult, result: ChunkResult, offset: int) -> None:
    """Append a chunk's results, shifting its line numbers by ``offset``."""
    if offset:
        into.findings.extend(replace(f, line=f.line + offset) for f in result.findings)
    else:
        into.findings.extend(result.findings)
    into.metrics.extend(result.metrics, offset)
    into.bands.extend(result.bands)
    into.shingles.extend(result.shingles)
    into.examples += result.examples
    into.lines += result.lines
    for stage, seconds in result.seconds.items():
        into.seconds[stage] = into.seconds.get(stage, 0.0) + seconds


def _conclude(total: ChunkResult, shape: Shape, path: str, options: Options) -> Analysis:
    """File-level checks over what the rows collected, then the report."""
    started = time.process_time()
    findings = total.findings
    findings.extend(check_file(total.examples, shape))
    frame = total.metrics.frame()
    bounds: Fences | None = None
    if "tokens" in options.stages:
        bounds = fences(frame["total"])
        findings.extend(check_lengths(frame, options.target, is_chat(shape), bounds, len(frame)))
    clusters: list[Cluster] = []
    pairs: list[Pair] = []
    index: NearDuplicateIndex | None = None
    if "duplicates" in options.stages:
        lsh_started = time.process_time()
        store = ShingleStore()
        for hashes, counts in total.shingles:
            store.append(hashes, counts)
        total.shingles = []
        bands = np.concatenate(total.bands) if total.bands else None
        total.bands = []
        duplicates = check_duplicates(frame, bands, store, options.near_threshold)
        findings.extend(duplicates.findings)
        clusters = duplicates.clusters
        index = duplicates.index
        pairs = duplicates.pairs
        total.seconds["duplicates"] = total.seconds.get("duplicates", 0.0) + (
            time.process_time() - lsh_started)
    expected: tuple[str, ...] = ()
    if "language" in options.stages:
        language_findings, expected = check_languages(frame, options.languages)
        findings.extend(language_findings)
    frame["cluster"] = 0
    for cluster in clusters:
        frame.loc[list(cluster.lines), "cluster"] = cluster.id
    selected = select_findings(findings, options.select, options.ignore)
    report = FileReport(path, total.examples, str(shape), sort_findings(selected))
    total.seconds["file"] = time.process_time() - started
    return Analysis(report, frame, shape, options, total.seconds, clusters, expected, index,
                    pairs, bounds)


def validate_path(
    path: str | os.PathLike[str], options: Options = Options()
) -> Generator[Progress, None, Analysis]:
    """Stream and check one file. Raises OSError if it cannot be read."""
    file = Path(path)
    size = file.stat().st_size
    detected, bom = _head_shape(file)
    shape = options.shape or detected
    settings = options.row_settings(shape)
    total = ChunkResult(findings=[bom_finding()] if bom else [])
    for end, result in _run_chunks(file, size, settings, _workers(options, size)):
        _merge(total, result, total.lines)
        yield Progress(end, size, "checking rows")
    return _conclude(total, shape, str(path), options)


def is_chat(shape: Shape) -> bool:
    """Whether replies live in ``messages`` (so findings can point at one)."""
    return shape in (Shape.OPENAI_CHAT, Shape.TRL_MESSAGES)


def validate_dataset(
    dataset: Dataset, options: Options = Options(), keys: list[int] | None = None
) -> Generator[Progress, None, Analysis]:
    """Check an open dataset (rows already parsed, edits included), in this process.

    ``keys`` numbers the rows in place of their line numbers (the GUI keeps a stable key per
    row while rows move); findings, metrics and clusters then speak of keys.
    """
    rows = dataset.rows
    numbers = keys if keys is not None else range(1, len(rows) + 1)
    shape = options.shape or detect_shape(
        row.value for row in rows[:HEAD_LINES * 5] if row.value is not None
    )
    checker = RowChecker(options.row_settings(shape))
    if dataset.bom:
        checker.result.findings.append(bom_finding())
    for start in range(0, len(rows), 2000):
        for i, row in zip(numbers[start:start + 2000], rows[start:start + 2000], strict=True):
            checker.add(i, row.value, row.error, row.blank)
        yield Progress(min(start + 2000, len(rows)), len(rows), "checking rows")
    path = str(dataset.path) if dataset.path else "<unsaved>"
    return _conclude(checker.close(), shape, path, options)


def finish(run: Generator[Progress, None, Analysis]) -> Analysis:
    """Drive a validation generator to the end and return its analysis."""
    while True:
        try:
            next(run)
        except StopIteration as stop:
            analysis: Analysis = stop.value
            return analysis

