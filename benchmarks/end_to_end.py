"""A whole `curator-cli validate`, every check on, against the two baselines of issue 16.

    python -m benchmarks.end_to_end [--data multilingual|english] [--examples 100000]
                                    [--rounds 3] [--file big.jsonl]

In each round, on the same file: the floor (one core: ``json`` + ``encode_ordinary`` over
every message, o200k_base), OpenAI's cookbook procedure (cl100k_base; benchmarks/floor.py),
and `curator-cli validate --format json` in a subprocess (its wall time). Then one more run
of it, not timed, for the peak of the summed PSS of the process and its workers, sampled
every 20 ms: the sampler walks the process tree and its page tables, which took about a
third of a core (7 CPU s in a 23 s run), so on two cores a timed run that carried it was
8-9% slower than one without. Prints each round's ratios and their medians, the wall time of
each stage of the last timed run (the parent's serial stages against the whole), and whether
the report equals a single-process run's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from benchmarks.data import KINDS, bench_file
from benchmarks.floor import cookbook, floor
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.tokens.counter import get_encoding


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system reports it (shared pages of forked workers
    counted once, split between them), else resident set size."""
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.Error):
        return int(process.memory_info().rss)


def peak_tree_memory(process: psutil.Process, stop: threading.Event, out: list[int]) -> None:
    """The peak of the summed PSS of the process and its workers."""
    peak = 0
    while not stop.is_set():
        try:
            procs = [p for p in [process, *process.children(recursive=True)] if p.is_running()]
            peak = max(peak, sum(_memory(p) for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.02)
    out.append(peak)


def run_cli(path: Path, memory: bool = False) -> tuple[float, int, dict[str, object], str]:
    """Wall seconds, peak memory (0 unless ``memory``: then the wall time is not a fair
    one), the JSON report and the --timings lines of one run."""
    start = time.perf_counter()
    child = psutil.Popen([sys.executable, "-m", "curator.cli.main", "validate", str(path),
                          "--format", "json", "--timings"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=peak_tree_memory, args=(child, stop, peak))
    if memory:
        sampler.start()
    out, err = child.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if memory:
        sampler.join()
    return wall, peak[-1], json.loads(out), err.decode()


def timed(function: object, path: Path) -> float:
    start = time.perf_counter()
    function(path)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", choices=KINDS, default="multilingual")
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--file", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the single-process run that checks the report is the same")
    args = parser.parse_args()
    path = args.file or bench_file(args.data, args.examples)
    get_encoding("o200k_base"), get_encoding("cl100k_base")  # loaded outside every timing
    size = path.stat().st_size
    print(f"file: {path.name}, {size / 1e6:.0f} MB")
    floors, cooks, walls = [], [], []
    for round_ in range(1, args.rounds + 1):
        floors.append(timed(floor, path))
        cooks.append(timed(cookbook, path))
        wall, _, report, timings = run_cli(path)
        walls.append(wall)
        print(f"round {round_}: floor {floors[-1]:.2f} s, cookbook {cooks[-1]:.2f} s, "
              f"curator {wall:.2f} s = {wall / floors[-1]:.2f}x the floor, "
              f"{wall / cooks[-1]:.2f}x the cookbook")
    ratios = [w / f for w, f in zip(walls, floors, strict=True)]
    print(f"median: {statistics.median(ratios):.2f}x the floor (target <= 1.5), "
          f"{statistics.median(w / c for w, c in zip(walls, cooks, strict=True)):.2f}x the "
          f"cookbook (target < 1 every round)")
    _, peak, _, _ = run_cli(path, memory=True)
    print(f"peak memory (a run of its own, sampled): {peak / 1e6:,.0f} MB = 300 MB + "
          f"{(peak - 300e6) / size:.2f}x the file (target <= 3)")
    print("stages of the last run (wall):")
    print("".join(f"  {line}\n" for line in timings.splitlines() if line.startswith("timing")))
    files = report["files"]
    assert isinstance(files, list)
    if not args.no_compare:
        single = finish(validate_path(path, default_settings(workers=1)))
        same = files[0]["findings"] == [f.to_dict() for f in single.report.findings]
        print(f"report identical to a single-process run: {same}")


if __name__ == "__main__":
    main()
