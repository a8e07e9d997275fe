from __future__ import annotations

import random
from pathlib import Path

import orjson
from click.testing import CliRunner

from curator.cli.main import cli
from datagen.synth import chat_example, chat_lines, near_variant


def test_dedup_keeps_one_per_cluster_and_copies_lines_exactly(tmp_path: Path) -> None:
    rng = random.Random(4)
    lines = list(chat_lines(80, seed=12))
    base = chat_example(random.Random(77))
    lines[5] = orjson.dumps(base)
    lines[40] = orjson.dumps(near_variant(base, rng))
    lines.append(lines[12])  # exact copy: line 81 of line 13
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\r\n".join(lines) + b"\r\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["dedup", str(source), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.output)
    dropped = {d["line"]: d for d in report["dropped"]}
    assert set(dropped) == {41, 81}
    assert dropped[41]["kept"] == 6 and 0.8 <= dropped[41]["similarity"] < 1
    assert dropped[81]["kept"] == 13 and dropped[81]["similarity"] == 1.0
    kept = [line for i, line in enumerate(lines, 1) if i not in (41, 81)]
    assert out.read_bytes() == b"\r\n".join(kept) + b"\r\n"
    assert source.read_bytes() == b"\r\n".join(lines) + b"\r\n"


def test_dedup_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(chat_lines(5)) + b"\n")
    result = CliRunner().invoke(cli, ["dedup", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
