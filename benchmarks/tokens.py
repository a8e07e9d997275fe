"""Token counting over a 100k-example file versus a plain one-core encode_ordinary loop.

    python -m benchmarks.tokens [--examples 100000]

The baseline reads every line, and for every message calls ``encode_ordinary`` on each text
it has (role, content, name, tool-call name and arguments), adding the same per-message
constants, in one process with no cache: the plain way to get the same numbers. Curator runs
its token stage alone (``stages={"tokens"}``) with its defaults. The per-example totals of
both must be identical.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from curator.core.pipeline import Options, finish, validate_path
from curator.core.pool import fork_workers
from curator.core.synth import write_chat_file
from curator.core.tokens import IMAGE_TOKENS, get_encoding


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
    args = parser.parse_args()
    get_encoding("o200k_base")  # load once, outside both timings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        write_chat_file(str(path), args.examples, seed=1)
        start = time.perf_counter()
        expected = baseline_totals(path)
        base = time.perf_counter() - start
        options = Options(stages=frozenset({"tokens"}), workers=args.workers)
        start = time.perf_counter()
        analysis = finish(validate_path(path, options))
        ours = time.perf_counter() - start
        got = analysis.metrics["total"].to_numpy()
        same = np.array_equal(got, np.array(expected))
        print(f"file: {args.examples} examples, {path.stat().st_size / 1e6:.1f} MB, "
              f"{sum(expected):,} tokens")
        print(f"one-core encode_ordinary loop: {base:.2f} s")
        print(f"curator token stage:           {ours:.2f} s (workers={args.workers or 'auto'})")
        print(f"ratio: {ours / base:.2f} (target <= 0.6); identical counts: {same}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
