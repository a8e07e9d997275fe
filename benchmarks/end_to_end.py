"""A whole `curator-cli validate`, every check on, against the one-core tokenizer floor.

    python -m benchmarks.end_to_end [--examples 100000 | --file big.jsonl]

Prints, from one run: the wall time and peak memory (the process and its workers, sampled
every 20 ms) of `curator-cli validate --format json` on the file; the floor, one core running
tiktoken's ``encode_ordinary`` over every message of the same file (the benchmark of issue 9);
each stage's CPU seconds, as ratios of the floor; and whether the report equals a
single-process run's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.tokens import baseline_totals
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.pool import fork_workers
from curator.core.engine.settings import default_settings
from curator.core.families.tokens.counter import get_encoding
from datagen.synth import write_chat_file


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system reports it (shared pages of forked workers
    counted once, split between them), else resident set size."""
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.Error):
        return int(process.memory_info().rss)


def peak_tree_memory(process: psutil.Process, stop: threading.Event, out: list[int]) -> None:
    """Peaks of the summed PSS and the summed RSS (which counts shared pages once per
    process that maps them) of the process and its workers."""
    peak = rss = 0
    while not stop.is_set():
        try:
            procs = [p for p in [process, *process.children(recursive=True)] if p.is_running()]
            peak = max(peak, sum(_memory(p) for p in procs))
            rss = max(rss, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.02)
    out.extend((peak, rss))


def run_cli(path: Path) -> tuple[float, int, dict[str, object]]:
    start = time.perf_counter()
    child = psutil.Popen([sys.executable, "-m", "curator.cli.main", "validate", str(path),
                          "--format", "json"], stdout=subprocess.PIPE)
    stop, peak = threading.Event(), []  # type: ignore[var-annotated]
    sampler = threading.Thread(target=peak_tree_memory, args=(child, stop, peak))
    sampler.start()
    out, _ = child.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    print(f"(summed RSS, shared pages counted in every process: {peak[1] / 1e6:,.0f} MB)")
    return wall, peak[0], json.loads(out)


def main() -> None:
    fork_workers()  # single-threaded, like curator-cli: workers start by fork
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--file", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the in-process runs (stage times, single-process report)")
    args = parser.parse_args()
    get_encoding("o200k_base")
    with tempfile.TemporaryDirectory() as folder:
        path = args.file or Path(folder) / "big.jsonl"
        if args.file is None:
            write_chat_file(str(path), args.examples, seed=5)
        size = path.stat().st_size
        start = time.perf_counter()
        baseline_totals(path)
        floor = time.perf_counter() - start
        wall, peak, report = run_cli(path)
        files = report["files"]
        assert isinstance(files, list)
        print(f"file: {path.name}, {size / 1e6:.0f} MB, {files[0]['examples']:,} examples")
        print(f"tokenizer floor (one core, encode_ordinary): {floor:.2f} s")
        print(f"curator-cli validate, every check: {wall:.2f} s = {wall / floor:.2f}x the floor "
              "(target <= 1.0)")
        print(f"peak memory (process and workers): {peak / 1e6:,.0f} MB = {peak / size:.2f}x "
              "the file (target <= 5)")
        if args.no_compare:
            return
        stages = finish(validate_path(path)).seconds
        for stage, seconds in stages.items():
            print(f"  {stage:<12} {seconds:6.2f} CPU s = {seconds / floor:.2f}x the floor")
        single = finish(validate_path(path, default_settings(workers=1)))
        same = files[0]["findings"] == [f.to_dict() for f in single.report.findings]
        print(f"report identical to a single-process run: {same}")


if __name__ == "__main__":
    main()
