"""Contamination (``--against``) on a 50k-example training file of real text against a 5k
evaluation file: recall of planted overlaps, precision of what is flagged, and its cost.

    python -m benchmarks.contamination [--train 50000] [--eval 5000] [--planted 400]

The text is real (datagen/multilingual.py: sentences in 25 languages from the OS packages;
for benchmarks only, never committed). The evaluation file is the first turn of 5,000
generated conversations; the training file is 50,000 others, with overlaps planted at random
places, four kinds in equal numbers:

- **verbatim**: an evaluation item's prompt and answer, as they are;
- **edited answer**: an evaluation answer of 40 words or more with one word in 40 replaced
  (1 to 3), after another prompt;
- **prompt only**: an evaluation prompt, answered with another example's answer;
- **passage**: 60 words (or all, if fewer) of an evaluation answer of 30 words or more,
  inside a longer reply.

**Recall**: a planted overlap is found when its training line has a finding of the kind it
should get (E001 for a prompt, E002 or E003 for an answer) whose ``ref`` is the planted item
(or an item with the same text). **Precision**: a flagged pair (training text, evaluation
item of its ``ref``) is right when the exact Jaccard of the check's own shingles reaches the
threshold or the two share a 13-gram; the pairs the generator made by chance (shared
sentences) count like planted ones. **Cost**: CPU seconds of ``validate`` with ``--against``
(the index built in it) over without, one worker; and the repetition family's row checks as
a share of all row checks (``timed``).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from curator.core.api import Finding, default_settings, finish, validate_path
from curator.core.families.contamination.words import text_grams
from curator.core.families.duplicates.lsh import jaccard
from curator.core.families.duplicates.minhash import shingle_hashes
from curator.core.families.tokens.counter import get_encoding
from curator.core.model.spaces import fold_spaces
from datagen.multilingual import chat_examples

KINDS = ("verbatim", "edited answer", "prompt only", "passage")
EXPECTED = {"verbatim": {"E001", "E002"}, "edited answer": {"E002", "E003"},
            "prompt only": {"E001"}, "passage": {"E003"}}


def first_turn(example: dict[str, Any]) -> dict[str, Any]:
    messages = [m for m in example["messages"] if m["role"] != "system"]
    return {"messages": messages[:2]}


def text_of(example: dict[str, Any], role: str) -> str:
    return next(m["content"] for m in example["messages"] if m["role"] == role)


LONG = {"edited answer": 40, "passage": 30}  # words an answer needs for the kind


def edited(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(min(3, max(1, len(words) // 40))):
        words[rng.randrange(len(words))] = rng.choice(("indeed", "perhaps", "notably"))
    return " ".join(words)


def plant(kind: str, item: dict[str, Any], other: dict[str, Any], rng: random.Random
          ) -> dict[str, Any]:
    prompt, answer = text_of(item, "user"), text_of(item, "assistant")
    if kind == "verbatim":
        return first_turn(item)
    if kind == "edited answer":
        return {"messages": [{"role": "user", "content": text_of(other, "user")},
                             {"role": "assistant", "content": edited(answer, rng)}]}
    if kind == "prompt only":
        return {"messages": [{"role": "user", "content": prompt},
                             {"role": "assistant", "content": text_of(other, "assistant")}]}
    words = answer.split()
    start = rng.randrange(max(1, len(words) - 60))
    reply = f"{text_of(other, 'assistant')} {' '.join(words[start:start + 60])}"
    return {"messages": [{"role": "user", "content": text_of(other, "user")},
                         {"role": "assistant", "content": reply}]}


def make_files(folder: Path, train: int, evaluation: int, planted: int
               ) -> tuple[Path, Path, dict[int, tuple[str, int]]]:
    """The two files and the planted overlaps: training line -> (kind, evaluation line)."""
    items = [first_turn(e) for e in chat_examples(evaluation, seed=2)]
    rows = list(chat_examples(train - planted, seed=1))
    rng = random.Random(3)
    places = sorted(rng.sample(range(train), planted))
    truth: dict[int, tuple[str, int]] = {}
    out: list[dict[str, Any]] = []
    source = iter(rows)
    order = rng.sample(range(evaluation), evaluation)
    for n, place in enumerate(places):
        while len(out) < place:
            out.append(next(source))
        kind = KINDS[n % len(KINDS)]
        chosen = next(i for i in order if len(text_of(items[i], "assistant").split()) >= LONG.get(
            kind, 0))
        order.remove(chosen)
        out.append(plant(kind, items[chosen], rows[rng.randrange(len(rows))], rng))
        truth[place + 1] = (kind, chosen + 1)
    out.extend(source)
    train_path, eval_path = folder / "train.jsonl", folder / "eval.jsonl"
    train_path.write_bytes(b"\n".join(orjson.dumps(r) for r in out) + b"\n")
    eval_path.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    return train_path, eval_path, truth


def same_item(items: list[dict[str, Any]]) -> dict[int, set[int]]:
    """Each evaluation line, with the lines whose prompt or answer is the same text."""
    by_text: dict[str, set[int]] = {}
    roles = ("user", "assistant")
    for line, item in enumerate(items, 1):
        for role in roles:
            by_text.setdefault(fold_spaces(text_of(item, role)), set()).add(line)
    return {line: set().union(*(by_text[fold_spaces(text_of(item, r))] for r in roles))
            for line, item in enumerate(items, 1)}


def recall(findings: list[Finding], truth: dict[int, tuple[str, int]],
           items: list[dict[str, Any]]) -> dict[str, float]:
    alike = same_item(items)
    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        by_line.setdefault(f.line, []).append(f)
    found: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    for line, (kind, item) in truth.items():
        found[kind].append(any(f.code in EXPECTED[kind] and f.ref is not None
                               and f.ref.line in alike[item] for f in by_line.get(line, ())))
    every = [hit for hits in found.values() for hit in hits]
    return {"all": sum(every) / len(every)} | {k: sum(v) / len(v) for k, v in found.items()}


def precision(findings: list[Finding], rows: list[dict[str, Any]],
              items: list[dict[str, Any]], threshold: float) -> tuple[float, int]:
    encode = get_encoding("o200k_base").encode_ordinary

    def shingles(text: str) -> np.ndarray:
        ids = np.array(encode(text), dtype=np.int64)
        return shingle_hashes(ids, np.array([0]), np.array([len(ids)]))[0]

    right = 0
    for f in findings:
        assert f.ref is not None
        mine = _field(rows[f.line - 1], f.path)
        item = items[f.ref.line - 1]
        theirs = text_of(item, "user" if f.code == "E001" else "assistant")
        grams = text_grams([mine, theirs])
        cut = int(grams.counts[0])
        shared = bool(np.intersect1d(grams.numbers[:cut], grams.numbers[cut:]).size)
        right += shared or jaccard(shingles(mine), shingles(theirs)) >= threshold
    return (right / len(findings) if findings else 1.0), len(findings)


def _field(value: dict[str, Any], path: str) -> str:
    """The text at ``messages[2].content``."""
    index = int(path.split("[")[1].split("]")[0])
    return str(value["messages"][index]["content"])


def cpu(path: Path, **settings: Any) -> tuple[float, list[Finding], dict[str, float]]:
    started = time.process_time()
    analysis = finish(validate_path(path, default_settings(workers=1, **settings), timed=True))
    return time.process_time() - started, analysis.report.findings, analysis.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=int, default=50_000)
    parser.add_argument("--eval", type=int, default=5_000)
    parser.add_argument("--planted", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        train, evaluation, truth = make_files(Path(folder), args.train, args.eval, args.planted)
        rows = [orjson.loads(line) for line in train.read_bytes().splitlines()]
        items = [orjson.loads(line) for line in evaluation.read_bytes().splitlines()]
        plain, _, seconds = cpu(train)
        against, found, _ = cpu(train, against=(evaluation,))
    flagged = [f for f in found if f.code in ("E001", "E002", "E003")]
    rates = recall(flagged, truth, items)
    right, pairs = precision(flagged, rows, items, 0.8)
    print(f"{args.train:,} training examples, {args.eval:,} evaluation items, "
          f"{len(truth)} planted overlaps")
    print("recall: " + ", ".join(f"{k} {v:.3f}" for k, v in rates.items()) + " (target >= 0.95)")
    print(f"precision: {right:.3f} of {pairs:,} flagged pairs (target >= 0.95)")
    print(f"validate: {plain:.1f} s CPU; with --against {against:.1f} s: "
          f"+{(against - plain) / plain:.1%} (target <= 20%)")
    rows_total = seconds.get("rows", 0.0)
    print(f"repetition row checks: {seconds.get('rows:repetition', 0.0):.2f} s of "
          f"{rows_total:.1f} s of row checks "
          f"({seconds.get('rows:repetition', 0.0) / max(rows_total, 1e-9):.1%}); tokens "
          f"{seconds.get('rows:tokens', 0.0):.1f} s")


if __name__ == "__main__":
    main()
