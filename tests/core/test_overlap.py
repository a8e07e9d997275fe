"""A small file checked by two processes split by family gives what one process gives."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from curator.core.engine import chunks, pipeline
from curator.core.engine.chunks import ChunkResult, check_chunk
from curator.core.engine.overlap import apart, merged
from curator.core.engine.pipeline import families_for, make_run
from curator.core.engine.settings import default_settings
from curator.core.families import registered
from curator.core.model.shapes import Shape
from datagen.synth import write_chat_file

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "support_chats.jsonl"


def test_the_slow_starter_goes_apart_with_every_family_tied_to_it() -> None:
    every = registered()
    there = apart(every)
    assert there is not None
    names = {f.name for f in there}
    assert "tokens" in names and "templates" in names  # tokens reads templates
    assert {"duplicates", "contamination"} <= names  # they read tokens (and duplicates)
    assert {"language", "pii", "schema"}.isdisjoint(names)
    for family in every:  # nothing on either side reads the other's
        assert (family.name in names) == bool(names.intersection(family.reads)
                                              or family.name in names)
        if family.name not in names:
            assert not names.intersection(family.reads)
    assert apart([f for f in every if f.name in names]) is None  # nothing left here
    assert apart([f for f in every if not f.slow_start]) is None  # nothing slow


def _same(one: ChunkResult, other: ChunkResult) -> None:
    assert (one.lines, one.examples, list(one.numbers)) == (
        other.lines, other.examples, list(other.numbers))
    assert one.findings == other.findings  # the same findings in the same order
    assert list(one.parts) == list(other.parts)
    for name, part in one.parts.items():
        theirs = other.parts[name]
        assert list(part.columns) == list(theirs.columns)
        for column, values in part.columns.items():
            assert np.array_equal(np.asarray(values), np.asarray(theirs.columns[column]))
        assert pickle.dumps(part.payload) == pickle.dumps(theirs.payload), name
        assert pickle.dumps(part.summary) == pickle.dumps(theirs.summary), name


@pytest.mark.parametrize("batch", [512, 7])
def test_two_halves_merged_are_what_one_process_makes(
    messy: tuple[Path, dict[int, str], dict[int, str]], monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(chunks, "BATCH_ROWS", batch)  # 7: many batches to interleave
    path, _, _ = messy
    families = families_for(default_settings())
    run = make_run(default_settings(), Shape.OPENAI_CHAT, families)
    there = apart(families)
    assert there is not None
    here = [f for f in families if f not in there]
    size = path.stat().st_size
    whole = check_chunk(str(path), 0, size, run, families)
    halves = merged(check_chunk(str(path), 0, size, run, here),
                    check_chunk(str(path), 0, size, run, there), families)
    assert len(whole.findings) > 50
    codes = {f.code for f in whole.findings}
    for side in (there, here):  # each side found some
        assert any(codes.intersection(f.codes) for f in side)
    _same(halves, whole)


def _cli(path: Path, *flags: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "curator.cli.main", "validate", str(path),
                           "--format", "json", *flags], capture_output=True, check=False)
    assert done.returncode == 1, done.stderr  # findings
    report: dict[str, object] = json.loads(done.stdout)
    return report


@pytest.mark.parametrize("name", ["messy", "sample"])
def test_the_cli_split_by_family_reports_what_one_process_does(
    messy: tuple[Path, dict[int, str], dict[int, str]], name: str,
) -> None:
    path = messy[0] if name == "messy" else SAMPLE
    assert _cli(path) == _cli(path, "--workers", "1")


SCRIPT = """
import os, sys
from curator.core.engine import pool
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
pool.fork_workers()  # as curator-cli does
one = finish(validate_path(sys.argv[1], default_settings(workers=1)))
assert pool._SIDE is None and pool._EXECUTOR is None  # --workers 1: no worker
split = finish(validate_path(sys.argv[1]))
assert pool._SIDE is not None and pool._EXECUTOR is None  # one worker, by family
assert split.report == one.report and len(one.report.findings) > 10
assert split.row_findings == one.row_findings  # in the same order
assert split.columns.to_pandas().equals(one.columns.to_pandas())
bigger = finish(validate_path(sys.argv[2]))  # more than one chunk: the rows split instead
assert pool._EXECUTOR is not None
assert bigger.report == finish(validate_path(sys.argv[2], default_settings(workers=1))).report
print("same")
"""


@pytest.mark.skipif(sys.platform == "win32" or (os.cpu_count() or 1) < 2,
                    reason="workers fork on POSIX only, and only with a second core")
def test_a_small_file_is_split_by_family_and_gives_the_same_analysis(tmp_path: Path) -> None:
    bigger = tmp_path / "bigger.jsonl"
    write_chat_file(str(bigger), 4000, seed=3)
    assert bigger.stat().st_size > pipeline.CHUNK_BYTES
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(SAMPLE), str(bigger)],
                          capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "same", done.stderr


KILLED = """
import os, sys, signal
from curator.core.engine import pool
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.tokens import Tokens
path, parent, real = sys.argv[1], os.getpid(), Tokens.start

def dying(self, run):
    if os.getpid() != parent and os.environ.get("DIE"):  # a worker forked while DIE is set
        os._exit(9)  # dies mid-check, as the out-of-memory killer would end it
    return real(self, run)

Tokens.start = dying
pool.fork_workers()
one = finish(validate_path(path, default_settings(workers=1)))
os.environ["DIE"] = "1"
died = finish(validate_path(path))
assert pool._SIDE is None  # the dead worker's pool was ended
del os.environ["DIE"]
finish(validate_path(path))  # a new worker
for process in list(pool._SIDE._processes.values()):  # killed between two files
    os.kill(process.pid, signal.SIGKILL)
    process.join()
after = finish(validate_path(path))
for analysis in (died, after):
    assert analysis.report == one.report and analysis.row_findings == one.row_findings
print("same")
"""


@pytest.mark.skipif(sys.platform == "win32" or (os.cpu_count() or 1) < 2,
                    reason="workers fork on POSIX only, and only with a second core")
def test_a_worker_killed_mid_check_or_between_files_leaves_its_part_to_this_process() -> None:
    done = subprocess.run([sys.executable, "-c", KILLED, str(SAMPLE)], capture_output=True,
                          text=True, check=False)
    assert done.stdout.strip() == "same", done.stderr
