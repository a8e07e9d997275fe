"""Token counting over a 100k-example file versus a plain one-core encode_ordinary loop.

    python -m benchmarks.tokens [--examples 100000]

The baseline reads every line, and for every message calls ``encode_ordinary`` on each text
it has (role, content, name, tool-call name and arguments), adding the same per-message
constants, in one process with no cache: the plain way to get the same numbers. Curator runs
its token stage alone (``only=("tokens",)``) with its defaults. The per-example totals of
both must be identical.

The machine's speed drifts from second to second (a shared VM), so one round can land either
side of the target by chance: the benchmark runs ``--rounds`` rounds, each the baseline then
Curator on the same file, and reports every round's ratio and their median. Each round is
independent: Curator's token cache is per chunk, nothing carries over.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.pool import fork_workers
from curator.core.engine.settings import default_settings
from curator.core.families.tokens.counter import IMAGE_TOKENS, get_encoding
from datagen.synth import write_chat_file


def baseline_totals(path: Path) -> list[int]:
    encode = get_encoding("o200k_base").encode_ordinary
    totals = []
    with path.open("rb") as stream:
        for line in stream:
            value: dict[str, Any] = orjson.loads(line)
            total = 3
            for m in value["messages"]:
                total += 3 + len(encode(m["role"]))
                content = m.get("content")
                if isinstance(content, str):
                    total += len(encode(content))
                elif isinstance(content, list):
                    for part in content:
                        total += (IMAGE_TOKENS if part["type"] == "image_url"
                                  else len(encode(part["text"])))
                if "name" in m:
                    total += len(encode(m["name"])) + 1
                for call in m.get("tool_calls") or ():
                    f = call["function"]
                    total += 3 + len(encode(f["name"])) + len(encode(f["arguments"]))
            if "tools" in value:
                total += len(encode(orjson.dumps(value["tools"]).decode()))
            totals.append(total)
    return totals


def main() -> None:
    fork_workers()  # single-threaded, like curator-cli: workers start by fork
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of baseline-then-Curator; the verdict is their median ratio")
    args = parser.parse_args()
    get_encoding("o200k_base")  # load once, outside both timings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        write_chat_file(str(path), args.examples, seed=1)
        options = default_settings(workers=args.workers)
        ratios = []
        for round_ in range(1, args.rounds + 1):
            start = time.perf_counter()
            expected = baseline_totals(path)
            base = time.perf_counter() - start
            start = time.perf_counter()
            analysis = finish(validate_path(path, options, only=("tokens",)))
            ours = time.perf_counter() - start
            got = analysis.metrics["total"].to_numpy()
            if not np.array_equal(got, np.array(expected)):
                raise SystemExit(f"round {round_}: Curator's per-example totals differ from "
                                 "the baseline's")
            ratios.append(ours / base)
            if round_ == 1:
                print(f"file: {args.examples} examples, {path.stat().st_size / 1e6:.1f} MB, "
                      f"{sum(expected):,} tokens; identical counts in every round; "
                      f"workers={args.workers or 'auto'}")
            print(f"round {round_}: one-core encode_ordinary loop {base:.2f} s, "
                  f"curator token stage {ours:.2f} s, ratio {ours / base:.2f}")
        print(f"ratio: median {statistics.median(ratios):.2f} of {len(ratios)} rounds "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target <= 0.6)")


if __name__ == "__main__":
    main()
