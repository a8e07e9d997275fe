"""Each check family's share of a whole validate's row time, on a file with tool examples.

    python -m benchmarks.family_share [--examples 100000] [--tool-share 0.2] [--file F.jsonl]

Writes (unless ``--file`` is given) a file of valid examples, ``--tool-share`` of them with
tools (datagen/tools.py: real text, twelve realistic function schemas), the rest plain
support chats, and checks it in one process with every family's row checks timed (CPU
seconds, ``validate_path(timed=True)``). Prints each family's seconds as a share of the whole
row time and of the tokens family's, and the share of the special-token and tools families
together (the target of issue 17: at most 10%). Each family's cost is also given against the
one-core floor (``json`` + ``encode_ordinary``, benchmarks/floor.py) measured on the same file
in the same run: its CPU seconds over the floor's, and halved, the wall time it adds to a
validate that keeps two workers busy (issue 19: the pii family at most 0.1x the floor).

The timing itself costs two clock reads per row and family (a few microseconds): the small
families' shares include it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.floor import floor
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from datagen.tools import mixed_lines

NEW = ("special_tokens", "tools")


def shares(path: Path) -> dict[str, float]:
    """CPU seconds of the rows of ``path``: "rows" (all), and "rows:<family>" each."""
    analysis = finish(validate_path(path, default_settings(workers=1), timed=True))
    return {k: v for k, v in analysis.seconds.items() if k.startswith("rows")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--tool-share", type=float, default=0.2)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file or Path(folder) / "mixed.jsonl"
        if args.file is None:
            path.write_bytes(b"".join(line + b"\n" for line in mixed_lines(
                args.examples, args.tool_share, seed=4)))
        started = time.process_time()
        floor(path)
        base = time.process_time() - started
        seconds = shares(path)
    rows, tokens = seconds["rows"], seconds.get("rows:tokens", 0.0)
    print(f"rows: {rows:.2f} s CPU; the floor: {base:.2f} s CPU (one core)")
    for key, value in sorted(seconds.items()):
        if key != "rows":
            print(f"{key:24s} {value:8.2f} s  {value / rows:7.2%} of rows  "
                  f"{value / tokens if tokens else 0:6.2f} x tokens  "
                  f"{value / base:5.2f} x the floor ({value / base / 2:5.3f} x in wall on 2)")
    new = sum(seconds.get(f"rows:{name}", 0.0) for name in NEW)
    print(f"special tokens + tools: {new:.2f} s, {new / rows:.2%} of the row time "
          "(target: at most 10%)")


if __name__ == "__main__":
    main()
