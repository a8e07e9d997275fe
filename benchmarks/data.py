"""Benchmark files: generated English support chats, or chats made from real text in 25
languages that the OS packages carry (datagen/multilingual.py; never committed).

Files are kept in bench-data/ (ignored by git) so that rounds and runs reuse them.
"""

from __future__ import annotations

from pathlib import Path

from datagen.synth import write_chat_file

FOLDER = Path(__file__).resolve().parent.parent / "bench-data"
KINDS = ("multilingual", "english")


def bench_file(kind: str, examples: int, seed: int = 5) -> Path:
    """The benchmark file of ``kind`` with ``examples`` examples, made if missing."""
    FOLDER.mkdir(exist_ok=True)
    path = FOLDER / f"{kind}-{examples}-{seed}.jsonl"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    if kind == "english":
        write_chat_file(str(partial), examples, seed=seed)
    elif kind == "multilingual":
        from datagen import multilingual

        multilingual.write_jsonl(partial, examples, seed=seed)
    else:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    partial.replace(path)
    return path
