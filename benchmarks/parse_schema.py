"""Parse+schema time over a 100k-example file, as a ratio to orjson.loads on every line.

    python -m benchmarks.parse_schema [--examples 100000] [--workers N]

Both are measured in the same run on the same file; the baseline reads the file line by line
and calls orjson.loads, nothing else. The Curator side is ``validate_path`` with the row
checks (JSON, schema, structure) and nothing else (``only=("jsonlines", "schema", "structure")``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import orjson

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.pool import fork_workers
from curator.core.engine.settings import default_settings
from datagen.synth import write_chat_file


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    fork_workers()  # single-threaded, like curator-cli: workers start by fork
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        write_chat_file(str(path), args.examples, seed=1)

        def baseline() -> None:
            with path.open("rb") as stream:
                for line in stream:
                    orjson.loads(line)

        def curator() -> None:
            finish(validate_path(path, default_settings(workers=args.workers),
                                 only=("jsonlines", "schema", "structure")))

        curator()  # warm the worker pool
        base = best_of(args.runs, baseline)
        ours = best_of(args.runs, curator)
        size = path.stat().st_size / 1e6
        print(f"file: {args.examples} examples, {size:.1f} MB")
        print(f"orjson.loads on every line: {base:.3f} s")
        print(f"curator parse+schema:       {ours:.3f} s  (workers={args.workers or 'auto'})")
        print(f"ratio: {ours / base:.2f}  (target <= 2.5)")


if __name__ == "__main__":
    main()
