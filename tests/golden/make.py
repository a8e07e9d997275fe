"""The golden reports: what `curator-cli validate --format json` prints for the bundled
samples and a generated 20k-example file with every kind of planted defect.

    python -m tests.golden.make          # rewrite the golden files (say why in the commit)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLES = ("support_chats.jsonl", "clean_chats.jsonl", "sharegpt.jsonl", "alpaca.jsonl",
           "faq.csv")
GENERATED = "generated_20k.jsonl"


def write_generated(folder: Path) -> Path:
    """20,000 valid examples with every planted defect of tests/messy.py mixed in."""
    from tests.messy import messy_file

    data, _, _ = messy_file(valid=20_000, seed=11)
    path = folder / GENERATED
    path.write_bytes(data)
    return path


def write_shapes(folder: Path) -> list[Path]:
    """One file per non-chat shape, made from the same synthetic chats, with odd rows."""
    import random

    import orjson

    from datagen.synth import chat_example
    from tests.messy import BAD_LINES

    rng = random.Random(5)
    rows: dict[str, list[bytes]] = {"openai-preference": [], "trl-prompt-completion": [],
                                    "trl-preference": []}
    for i in range(600):
        chat = chat_example(rng)["messages"]
        prompt, reply = chat[:-1], chat[-1]
        other = chat_example(rng)["messages"][-1]
        rows["openai-preference"].append(orjson.dumps({
            "input": {"messages": prompt}, "preferred_output": [reply],
            "non_preferred_output": [other]}))
        text = i % 2 == 0
        rows["trl-prompt-completion"].append(orjson.dumps(
            {"prompt": prompt[-1]["content"] if text else prompt,
             "completion": str(reply.get("content")) if text else [reply]}))
        rows["trl-preference"].append(orjson.dumps(
            {"prompt": prompt, "chosen": [reply], "rejected": [other]} if text else
            {"chosen": [*prompt, reply], "rejected": [*prompt, other]}))
    paths = []
    for shape, lines in rows.items():
        for bad, _ in BAD_LINES[::3]:
            lines.insert(rng.randrange(len(lines)), bad)
        lines.insert(7, lines[3])
        path = folder / f"{shape}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        paths.append(path)
    return paths


def report(name: str, cwd: Path, *extra: str) -> bytes:
    """The JSON report of ``name`` (a path relative to ``cwd``), with --workers 1."""
    result = subprocess.run(
        [sys.executable, "-m", "curator.cli.main", "validate", "--format", "json", *extra,
         name], cwd=cwd, capture_output=True, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr.decode())
    return result.stdout


def golden_name(name: str) -> str:
    return Path(name).name + ".json"


def main() -> None:
    import tempfile

    for sample in SAMPLES:
        (HERE / golden_name(sample)).write_bytes(
            report(f"resources/samples/{sample}", ROOT, "--workers", "1"))
    with tempfile.TemporaryDirectory() as folder:
        write_generated(Path(folder))
        (HERE / golden_name(GENERATED)).write_bytes(
            report(GENERATED, Path(folder), "--workers", "1"))
        (HERE / "generated_20k.trl-messages.json").write_bytes(
            report(GENERATED, Path(folder), "--workers", "1", "--shape", "trl-messages",
                   "--target", "gpt-4o-mini"))
        for path in write_shapes(Path(folder)):
            (HERE / golden_name(path.name)).write_bytes(
                report(path.name, Path(folder), "--workers", "1"))


if __name__ == "__main__":
    main()
