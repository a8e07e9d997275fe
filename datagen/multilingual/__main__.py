"""Write a multilingual chat data set built from the text the OS packages carry.

    python -m datagen.multilingual OUT.jsonl N [--seed S] [--languages en,de,ja]
                                   [--labels LABELS.txt]

The labels file gets the language code of each line of OUT. Generated files are for local
benchmarking only: never commit or ship them (see the package docstring).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from datagen.multilingual.corpus import load_corpus
from datagen.multilingual.generate import write_jsonl
from datagen.multilingual.languages import DEFAULT_LANGUAGES

_DESCRIPTION = "Realistic multilingual chat datasets from real text that Debian ships offline."


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m datagen.multilingual", description=_DESCRIPTION)
    ap.add_argument("out", help="output .jsonl")
    ap.add_argument("n", type=int, help="number of examples")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--languages", default=",".join(DEFAULT_LANGUAGES),
                    help="comma-separated ISO 639-1 codes")
    ap.add_argument("--labels", help="also write the language of each line to this file")
    a = ap.parse_args(argv)
    langs = [x.strip() for x in a.languages.split(",") if x.strip()]
    t0 = time.perf_counter()
    for lang in langs:
        load_corpus(lang)
    t1 = time.perf_counter()
    counts = write_jsonl(a.out, a.n, a.seed, langs, a.labels)
    t2 = time.perf_counter()
    size = Path(a.out).stat().st_size
    print(f"sentences ready in {t1 - t0:.1f}s; wrote {a.n} examples "
          f"({size / 1e6:.1f} MB) in {t2 - t1:.1f}s to {a.out}", file=sys.stderr)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
