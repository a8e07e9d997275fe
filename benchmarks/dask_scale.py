"""`--dask` against the process pool: the same `curator-cli validate`, the same workers.

    python -m benchmarks.dask_scale [--examples 100000] [--workers 2] [--rounds 1]
                                    [--file big.jsonl] [--address tcp://host:8786]
    python -m benchmarks.dask_scale --examples 1000000 --dask-only   # the client's memory

In each round, on the same generated file (datagen, English support chats): `curator-cli
validate --format json --workers N` (the process pool), then the same with `--dask`
(a LocalCluster of N worker processes started by the command, its start-up included; or
`--address`, an existing scheduler). Each report goes to a file, never through a pipe held
in memory. Prints the wall times, their ratio (dask / pool), the client's peak memory (the
`curator-cli` process alone: the workers are its children and are not counted) and the
whole tree's, the wall time of each stage of the last runs, whether the two reports are
byte-identical, each round's ratio (its two runs are back to back, so a round disturbed by
other work on the machine shows as one outlier) and how long a LocalCluster takes to
start. The machine should be quiet: the load average is printed first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.data import bench_file
from benchmarks.end_to_end import _memory


def _peaks(process: psutil.Process, stop: threading.Event, out: list[int]) -> None:
    """The peak memory of the process alone, and of it with its children."""
    alone = tree = 0
    while not stop.is_set():
        try:
            own = _memory(process)
            kids = sum(_memory(p) for p in process.children(recursive=True) if p.is_running())
            alone, tree = max(alone, own), max(tree, own + kids)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out.extend((alone, tree))


def run(path: Path, report: Path, *flags: str) -> tuple[float, int, int, str]:
    """Wall seconds, the client's peak, the tree's peak and the --timings lines of one run."""
    start = time.perf_counter()
    with report.open("wb") as out:
        child = psutil.Popen([sys.executable, "-m", "curator.cli.main", "validate", str(path),
                              "--format", "json", "--timings", *flags], stdout=out,
                             stderr=subprocess.PIPE)
        stop, peaks = threading.Event(), []  # type: ignore[var-annotated]
        sampler = threading.Thread(target=_peaks, args=(child, stop, peaks))
        sampler.start()
        _, err = child.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"curator-cli {' '.join(flags)} failed: {err.decode()}")
    return wall, peaks[0], peaks[1], err.decode()


def startup(workers: int) -> float:
    """Seconds to start (and connect to) a LocalCluster like the one `--dask` starts."""
    from curator.core.engine.dask_engine import client_for, close_clusters

    start = time.perf_counter()
    client_for("local", workers)
    seconds = time.perf_counter() - start
    close_clusters()
    return seconds


def _rounds(path: Path, engines: dict[str, tuple[str, ...]], rounds: int, folder: Path
            ) -> tuple[dict[str, list[float]], dict[str, Path]]:
    walls: dict[str, list[float]] = {name: [] for name in engines}
    reports = {name: folder / f"{name}.json" for name in engines}
    for round_ in range(rounds):
        for name, flags in engines.items():
            wall, client, tree, timings = run(path, reports[name], *flags)
            walls[name].append(wall)
            print(f"round {round_ + 1} {name}: {wall:.1f} s, client peak "
                  f"{client / 2**20:.0f} MiB, with workers {tree / 2**20:.0f} MiB")
            if round_ == rounds - 1:
                print("  " + "\n  ".join(timings.strip().splitlines()))
    return walls, reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--file", type=Path, help="an existing JSONL file instead")
    parser.add_argument("--address", help="an existing scheduler instead of a LocalCluster")
    parser.add_argument("--dask-only", action="store_true",
                        help="only the --dask run (the client's peak memory on a large file)")
    args = parser.parse_args()
    path = args.file or bench_file("english", args.examples)
    print(f"file: {path.name}, {path.stat().st_size / 1e6:.0f} MB; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    dask = f"--dask={args.address}" if args.address else "--dask"
    engines = {"pool": ("--workers", str(args.workers)),
               "dask": (dask, "--workers", str(args.workers))}
    if args.dask_only:
        del engines["pool"]
    with tempfile.TemporaryDirectory() as folder:
        walls, reports = _rounds(path, engines, args.rounds, Path(folder))
        if args.dask_only:
            return
        same = reports["pool"].read_bytes() == reports["dask"].read_bytes()
    pool, dask_wall = statistics.median(walls["pool"]), statistics.median(walls["dask"])
    ratios = [d / p for d, p in zip(walls["dask"], walls["pool"], strict=True)]
    print(f"median wall: pool {pool:.1f} s, dask {dask_wall:.1f} s, ratio dask/pool "
          f"{dask_wall / pool:.2f}x; reports byte-identical: {same}")
    print("each round's ratio (the pool, then dask, back to back): "
          + ", ".join(f"{r:.2f}x" for r in ratios) + f"; median {statistics.median(ratios):.2f}x")
    if not args.address:
        print(f"of which a LocalCluster's start-up alone: {startup(args.workers):.1f} s")


if __name__ == "__main__":
    main()
