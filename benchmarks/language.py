"""The language check's accuracy and speed on labelled multilingual examples.

    python -m benchmarks.language [--examples 6000]

Examples are built from real text in 25 languages that the OS packages carry
(datagen/multilingual.py: labelled chat examples, the user and assistant text joined as the
language family joins it). Prints the share detected right (among those long enough to
tell) and the CPU time per example of the detector the language family uses.
"""

from __future__ import annotations

import argparse
import time

from curator.core.families.language.detect import detect_text, detector
from curator.core.model.parts import row_texts
from datagen import multilingual


def labelled(n: int, seed: int = 11) -> list[tuple[str, str]]:
    out = []
    for lang, example in multilingual.labelled_examples(n, seed=seed):
        text = " ".join(t for role, t in row_texts(example) if role in ("user", "assistant"))
        out.append((lang, text))
    return out


def measure(name: str, data: list[tuple[str, str]], engine: str) -> None:
    detect = detector(engine)
    detect_text("warm up the model with a sentence long enough to tell.", detect)
    started = time.process_time()
    results = [(lang, detect_text(text, detect)[0]) for lang, text in data]
    seconds = time.process_time() - started
    told = [(lang, got) for lang, got in results if got]
    right = sum(lang == got for lang, got in told)
    print(f"{name}: {len(data):,} in {len({lang for lang, _ in data})} languages, "
          f"{len(told):,} long enough to tell: accuracy {right / len(told):.4f}, "
          f"{seconds / len(data) * 1e6:.0f} us each ({engine})")
    wrong: dict[tuple[str, str], int] = {}
    for lang, got in told:
        if lang != got:
            wrong[(lang, got)] = wrong.get((lang, got), 0) + 1
    print("  most confused:", sorted(wrong.items(), key=lambda kv: -kv[1])[:6])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=6000)
    parser.add_argument("--per-language", type=int, default=200)
    parser.add_argument("--engine", default="fasttext")
    args = parser.parse_args()
    measure("chat examples", labelled(args.examples), args.engine)
    short = multilingual.labelled_texts(per_language=args.per_language, seed=1)
    measure("texts of 100-400 characters", short, args.engine)


if __name__ == "__main__":
    main()
