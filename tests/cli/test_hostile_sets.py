"""Issue 15, items 8, 12 and 15: what export, convert and dedup may write, and when.

Every option is validated before any output is written; no output (``-o``, the derived
``OUT.train.jsonl``, ``OUT.validation.jsonl``, ``OUT.manifest.json``) is the input through
any name or link, or a file the run reads, or a file that is not an earlier output; a
multi-file export never looks complete when it is not: the old manifest goes before the first
file is renamed, the new one comes last, and `curator-cli verify` checks a set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.cli.hostile import clean, data, run, snapshot

SPLIT = ["--to", "openai", "--split", "0.25"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("in.jsonl").write_bytes(data())
    return tmp_path


# -- item 8: every option checked before anything is written ---------------------------------

@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e309", "-0.0", "0", "",
                                   "-1", "1.5", "abc", "0x10"])
def test_a_bad_split_is_a_usage_error_and_writes_nothing(here: Path, value: str) -> None:
    before = snapshot(here)
    result = run("export", "in.jsonl", "--to", "openai", "--split", value, "-o", "out.jsonl")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"curator-cli: error: --split {value}") or (
        f"--split {value!r}" in result.stderr)
    assert snapshot(here) == before


@pytest.mark.parametrize("seed", ["99999999999999999999999", "-1", str(2**63), "1.5", "x"])
def test_a_bad_seed_is_a_usage_error_and_writes_nothing(here: Path, seed: str) -> None:
    before = snapshot(here)
    result = run("export", "in.jsonl", *SPLIT, "--seed", seed, "-o", "out.jsonl")
    assert result.exit_code == 2
    assert "--seed" in result.stderr
    assert snapshot(here) == before


def test_the_largest_seed_is_recorded(here: Path) -> None:
    result = run("export", "in.jsonl", *SPLIT, "--seed", str(2**63 - 1), "-o", "out.jsonl")
    assert result.exit_code == 0
    manifest = orjson.loads(Path("out.manifest.json").read_bytes())
    assert manifest["settings"]["seed"] == 2**63 - 1


# -- item 12: no output is an input, or a file that is not an earlier output -----------------

def _refused(args: list[str], folder: Path, expected: str) -> None:
    before = snapshot(folder)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr, result.stderr
    assert snapshot(folder) == before


def test_export_refuses_a_derived_name_that_is_the_input(here: Path) -> None:
    """The issue's case: the input is STEM.train.jsonl, and --split writes STEM.train.jsonl."""
    Path("in.jsonl").rename("data.train.jsonl")
    _refused(["export", "data.train.jsonl", *SPLIT, "-o", "data.jsonl"], here,
             "data.train.jsonl: refusing to overwrite the input file; choose another -o")


@pytest.mark.parametrize("link", ["hard", "symbolic"])
@pytest.mark.parametrize("name", ["out.train.jsonl", "out.validation.jsonl",
                                  "out.manifest.json"])
def test_export_refuses_a_derived_name_linked_to_the_input(here: Path, link: str,
                                                           name: str) -> None:
    (os.link if link == "hard" else os.symlink)("in.jsonl", name)
    _refused(["export", "in.jsonl", *SPLIT, "-o", "out.jsonl"], here,
             f"{name}: refusing to overwrite the input file in.jsonl (the same file under "
             "another name: a link to it)")


@pytest.mark.parametrize("command", ["export", "convert"])
def test_the_manifest_name_may_not_be_the_input(here: Path, command: str) -> None:
    Path("in.jsonl").rename("out.manifest.json")
    args = ["--to", "openai"] if command == "export" else ["--from", "openai"]
    _refused([command, "out.manifest.json", *args, "-o", "out.jsonl"], here,
             "out.manifest.json: refusing to overwrite the input file")


@pytest.mark.parametrize("command", ["dedup", "convert", "export"])
def test_o_may_not_be_a_hard_link_to_the_input(here: Path, command: str) -> None:
    os.link("in.jsonl", "alias.jsonl")
    args = {"dedup": [], "convert": ["--from", "openai"], "export": ["--to", "openai"]}
    _refused([command, "in.jsonl", *args[command], "-o", "alias.jsonl"], here,
             "alias.jsonl: refusing to overwrite the input file in.jsonl")


def test_o_may_not_be_the_config_or_the_targets_file(here: Path) -> None:
    Path("curator.toml").write_text('targets_file = "targets.toml"\n')
    Path("targets.toml").write_text("")
    _refused(["dedup", "in.jsonl", "-o", "curator.toml"], here,
             "curator.toml: refusing to overwrite the config file")
    _refused(["export", "in.jsonl", "--to", "openai", "-o", "targets.toml"], here,
             "targets.toml: refusing to overwrite the targets file")


def test_o_may_not_be_an_evaluation_file_or_a_chat_template(here: Path) -> None:
    Path("eval.jsonl").write_bytes(Path("in.jsonl").read_bytes())
    Path("mine.jinja").write_text("{% for m in messages %}{{ m.content }}{% endfor %}")
    _refused(["export", "in.jsonl", "--to", "openai", "--against", "eval.jsonl",
              "-o", "eval.jsonl"], here,
             "eval.jsonl: refusing to overwrite the evaluation file")
    _refused(["export", "in.jsonl", "--to", "openai", "--target", "qwen2.5-7b-qlora",
              "--chat-template", "mine.jinja", "-o", "mine.jinja"], here,
             "mine.jinja: refusing to overwrite the chat template")


def test_a_derived_name_never_replaces_a_file_of_the_person(here: Path) -> None:
    """A hand-made validation set that happens to be called OUT.validation.jsonl stays."""
    Path("out.validation.jsonl").write_bytes(b'{"mine": true}\n')
    _refused(["export", "in.jsonl", *SPLIT, "-o", "out.jsonl"], here,
             "out.validation.jsonl: refusing to overwrite a file that is not an earlier "
             "output of Curator (there is no Curator manifest out.manifest.json beside it)")
    Path("out.manifest.json").write_bytes(b"my notes\n")
    _refused(["convert", "--from", "openai", "in.jsonl", "-o", "out.jsonl"], here,
             "out.manifest.json: refusing to overwrite a file that is not a Curator manifest")


def test_earlier_outputs_are_replaced(here: Path) -> None:
    """A second export over the first (the manifest lists its files) just works."""
    for seed in ("1", "2"):
        result = run("export", "in.jsonl", *SPLIT, "--seed", seed, "-o", "out.jsonl")
        assert result.exit_code == 0, result.output
    assert run("verify", "out.manifest.json").exit_code == 0
    assert orjson.loads(Path("out.manifest.json").read_bytes())["settings"]["seed"] == 2
    for _ in range(2):
        assert run("convert", "--from", "openai", "in.jsonl", "-o", "c.jsonl").exit_code == 0
    assert run("verify", "c.manifest.json").exit_code == 0


# -- item 15: a set is never mixed -----------------------------------------------------------

def _consistent(folder: Path) -> None:
    """Either no manifest (an incomplete set says so by having none) or a manifest whose
    every file matches; and no temp file left."""
    if (folder / "out.manifest.json").exists():
        result = run("verify", str(folder / "out.manifest.json"))
        assert result.exit_code == 0, result.output
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_ctrl_c_between_renames_never_leaves_a_mixed_set(
        here: Path, monkeypatch: pytest.MonkeyPatch, cut: int) -> None:
    Path("in.jsonl").write_bytes(clean(60))
    assert run("export", "in.jsonl", *SPLIT, "--seed", "1", "-o", "out.jsonl").exit_code == 0
    real, calls = os.replace, []

    def replace(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        if len(calls) == cut:
            raise KeyboardInterrupt
        real(*args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = run("export", "in.jsonl", *SPLIT, "--seed", "2", "-o", "out.jsonl",
                 statuses={130})
    assert result.stderr.strip() == "curator-cli: interrupted"
    assert not Path("out.manifest.json").exists()  # removed before the first rename
    monkeypatch.setattr(os, "replace", real)
    _consistent(here)


def test_ctrl_c_while_the_second_file_is_written_keeps_the_old_set(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from curator.core.model import jsonl

    Path("in.jsonl").write_bytes(clean(60))
    assert run("export", "in.jsonl", *SPLIT, "--seed", "1", "-o", "out.jsonl").exit_code == 0
    before = snapshot(here)
    real, calls = jsonl._stage, []

    def stage(*args: Any) -> str:
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(jsonl, "_stage", stage)
    run("export", "in.jsonl", *SPLIT, "--seed", "2", "-o", "out.jsonl", statuses={130})
    assert snapshot(here) == before
    _consistent(here)


KILLER = """
import os, sys
calls = []
real = os.replace
def replace(*args, **kwargs):
    calls.append(args)
    if len(calls) == CUT:
        os._exit(137)  # killed: no cleanup at all
    real(*args, **kwargs)
os.replace = replace
from curator.cli.main import main
sys.argv = ["curator-cli", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("cut", [2, 3])
def test_a_kill_between_files_never_leaves_a_manifest_over_a_mixed_set(here: Path,
                                                                        cut: int) -> None:
    """As the issue's report: killed between files, with a previous set in the folder."""
    Path("in.jsonl").write_bytes(clean(60))
    assert run("export", "in.jsonl", *SPLIT, "--seed", "1", "-o", "out.jsonl").exit_code == 0
    old_train = Path("out.train.jsonl").read_bytes()
    script = KILLER.replace("CUT", str(cut))
    done = subprocess.run([sys.executable, "-c", script, "export", "in.jsonl", *SPLIT,
                           "--seed", "2", "-o", "out.jsonl"], capture_output=True,
                          timeout=300, check=False, env={**os.environ, "CI": "1"})
    assert done.returncode == 137, done.stderr
    assert Path("out.train.jsonl").read_bytes() != old_train  # the new train file is in
    assert not Path("out.manifest.json").exists()
    result = run("verify", "out.manifest.json")
    assert result.exit_code == 2 and "no such file" in result.stderr


# -- verify ------------------------------------------------------------------------------------

@pytest.fixture
def exported(here: Path) -> Path:
    assert run("export", "in.jsonl", *SPLIT, "-o", "out.jsonl").exit_code == 0
    return here


def test_verify_a_complete_set(exported: Path) -> None:
    result = run("verify", "out.manifest.json")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "in.jsonl: ok [source]", "out.train.jsonl: ok [train]",
        "out.validation.jsonl: ok [validation]",
        "out.manifest.json: every file matches its sha256 (3 files)"]


@pytest.mark.parametrize("fault, status", [
    ("changed", "out.validation.jsonl: changed"), ("missing", "out.train.jsonl: missing"),
    ("source", "in.jsonl: changed")])
def test_verify_finds_what_differs(exported: Path, fault: str, status: str) -> None:
    if fault == "changed":
        Path("out.validation.jsonl").write_bytes(b"{}\n")
    elif fault == "missing":
        Path("out.train.jsonl").unlink()
    else:
        Path("in.jsonl").write_bytes(b"{}\n")
    result = run("verify", "out.manifest.json")
    assert result.exit_code == 1
    assert status in result.stdout
    assert "1 of 3 files differ or are missing" in result.stdout


def test_verify_from_another_folder_with_source(exported: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (exported / "elsewhere").mkdir()
    monkeypatch.chdir(exported / "elsewhere")
    assert run("verify", "../out.manifest.json").exit_code == 1  # in.jsonl is not here
    assert run("verify", "../out.manifest.json", "--source", "../in.jsonl").exit_code == 0


@pytest.mark.parametrize("content, message", [
    (None, "no such file"), (b"not json", "not JSON"), (b"[1, 2]", "not a Curator manifest"),
    (b'{"a": 1}', "not a Curator manifest"),
    (b'{"source": {"path": "in.jsonl"}, "outputs": [{"path": "x"}]}', "no sha256")])
def test_verify_of_a_file_that_is_no_manifest_is_a_usage_error(
        here: Path, content: bytes | None, message: str) -> None:
    if content is not None:
        Path("m.json").write_bytes(content)
    result = run("verify", "m.json")
    assert result.exit_code == 2
    assert message in result.stderr


# -- found by the fuzz test ------------------------------------------------------------------

@pytest.mark.parametrize("option", ["--requests-per-month", "--prompt-tokens",
                                    "--cache-hit-rate", "--horizon-months", "--user-tokens"])
@pytest.mark.parametrize("value", ["nan", "inf", "1e309"])
def test_cost_refuses_numbers_that_are_not_finite(here: Path, option: str, value: str) -> None:
    """click's FloatRange lets nan through (and inf where there is no maximum): the
    break-even then failed inside (a pydantic ValidationError, exit 3)."""
    extra = [] if option == "--requests-per-month" else ["--requests-per-month", "100"]
    result = run("cost", "in.jsonl", "--target", "gpt-4o-mini", option, value, *extra)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr


def test_convert_skips_a_row_that_json_cannot_hold(here: Path) -> None:
    """A value nested 300 deep reads (orjson reads 1,024 levels) but cannot be written (255):
    the row is skipped with the reason, as any row that cannot be converted."""
    deep = b'{"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": ' + (
        b"[" * 300 + b"1" + b"]" * 300 + b"}]}")
    Path("in.jsonl").write_bytes(clean(3) + deep + b"\n")
    result = run("convert", "--from", "openai", "in.jsonl", "-o", "out.jsonl")
    assert result.exit_code == 0
    assert "in.jsonl:4: skipped: cannot be written as JSON (Recursion limit reached)" in (
        result.stdout)
    assert len(Path("out.jsonl").read_bytes().splitlines()) == 3
