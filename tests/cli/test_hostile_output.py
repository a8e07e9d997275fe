"""Issue 15, items 2, 5, 13 and 22 through the commands: odd names, odd outputs, faults.

Every case ends with the documented exit status (0 no error findings, 1 error findings,
2 usage or I/O error), no traceback, an error that names the OUTPUT when writing fails,
and no partial or temp file left behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from curator.cli.main import cli
from datagen.synth import chat_lines

NOT_UTF8 = os.fsdecode(b"caf\xe9.jsonl")  # how Python names the bytes b"caf\xe9.jsonl"


def _data(n: int = 12) -> bytes:
    """``n`` chat examples, the last two repeated (a cluster for dedup), one broken line."""
    lines = list(chat_lines(n, seed=3))
    return b"\n".join([*lines, lines[-1], b'{"messages": ']) + b"\n"


def _run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- item 2: a file name that is not UTF-8 ---------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_reports_of_a_file_named_in_bytes_complete(here: Path, fmt: str) -> None:
    """JSON must be valid UTF-8: each byte that is not becomes U+FFFD; SARIF's URI keeps the
    exact bytes, percent-encoded; text shows the name's own bytes (see the next test)."""
    Path(NOT_UTF8).write_bytes(_data())
    result = _run("validate", "--format", fmt, NOT_UTF8)
    assert result.exit_code == 1  # the broken line is an error finding
    if fmt == "json":
        assert orjson.loads(result.stdout)["files"][0]["path"] == "caf\ufffd.jsonl"
    if fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in orjson.loads(result.stdout)["runs"][0]["results"]}
        assert uris == {"caf%E9.jsonl"}
    if fmt == "github":
        assert "file=caf\ufffd.jsonl," in result.stdout
    if fmt == "text":
        assert result.stdout_bytes.startswith(b"caf\xe9.jsonl:")


def test_text_report_prints_the_name_as_its_bytes_on_a_strict_stdout(here: Path) -> None:
    Path(NOT_UTF8).write_bytes(_data())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "CI": "1"}
    done = subprocess.run([sys.executable, "-m", "curator.cli.main", "validate", NOT_UTF8],
                          capture_output=True, env=env, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"caf\xe9.jsonl:" in done.stdout


def test_export_manifest_of_names_in_bytes(here: Path) -> None:
    Path(NOT_UTF8).write_bytes(_data())
    out = os.fsdecode(b"out\xff.jsonl")
    result = _run("export", NOT_UTF8, "--to", "openai", "-o", out)
    assert result.exit_code == 0
    manifest = orjson.loads(Path(os.fsdecode(b"out\xff.manifest.json")).read_bytes())
    assert manifest["source"]["path"] == "caf\ufffd.jsonl"
    assert manifest["outputs"][0]["path"] == "out\ufffd.jsonl"
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256(Path(out).read_bytes()).hexdigest()


def test_convert_manifest_of_names_in_bytes(here: Path) -> None:
    Path(NOT_UTF8).write_bytes(_data())
    result = _run("convert", "--from", "openai", NOT_UTF8, "-o", os.fsdecode(b"o\xe9.jsonl"))
    assert result.exit_code == 0
    manifest = orjson.loads(Path(os.fsdecode(b"o\xe9.manifest.json")).read_bytes())
    assert (manifest["source"], manifest["output"]) == ("caf\ufffd.jsonl", "o\ufffd.jsonl")


def test_dedup_json_of_names_in_bytes(here: Path) -> None:
    Path(NOT_UTF8).write_bytes(_data())
    result = _run("dedup", "--format", "json", NOT_UTF8, "-o", os.fsdecode(b"d\xe9.jsonl"))
    assert result.exit_code == 0
    assert orjson.loads(result.stdout)["input"] == "caf\ufffd.jsonl"


# -- item 22: SARIF URIs are percent-encoded ------------------------------------------------

def test_sarif_uri_is_a_percent_encoded_reference(here: Path) -> None:
    (here / "data").mkdir()
    Path("data/a b#1%é.jsonl").write_bytes(_data())
    result = _run("validate", "--format", "sarif", "data/a b#1%é.jsonl")
    results = orjson.loads(result.stdout)["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"data/a%20b%231%25%C3%A9.jsonl"}


# -- item 5: a full disk or a denied folder --------------------------------------------------

COMMANDS = {  # the command's arguments after the input, and the first output it writes
    "convert": (["--from", "openai", "-o", "out.jsonl"], "out.jsonl"),
    "export": (["--to", "openai", "--split", "0.25", "-o", "out.jsonl"], "out.train.jsonl"),
    "dedup": (["-o", "out.jsonl"], "out.jsonl"),
}


def _previous_outputs(folder: Path) -> dict[str, bytes]:
    names = ("out.jsonl", "out.train.jsonl", "out.validation.jsonl")
    for name in names:
        (folder / name).write_bytes(f"previous {name}\n".encode())
    # an earlier run's manifest, listing those files as its outputs: a derived name may
    # replace only such a file (issue 15, item 12)
    (folder / "out.manifest.json").write_bytes(orjson.dumps(
        {"source": {"path": "en25.jsonl"}, "outputs": [{"path": name} for name in names]}))
    (folder / "en25.jsonl").write_bytes(_data())
    return _files(folder)


def _enospc(*args: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_is_a_clean_error_naming_the_output(
        here: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    before = _previous_outputs(here)
    args, first = COMMANDS[command]
    monkeypatch.setattr(os, "fsync", _enospc)
    result = _run(command, "en25.jsonl", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"curator-cli: error: {first}: cannot write (No space left on device); the disk is "
        "full; free some space or choose an output on another disk")
    assert "en25.jsonl" not in result.stderr.splitlines()[-1]
    assert _files(here) == before  # nothing half-written, no temp file, old outputs intact


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_denied_folder_is_a_clean_error(here: Path, monkeypatch: pytest.MonkeyPatch,
                                          command: str) -> None:
    before = _previous_outputs(here)
    args, first = COMMANDS[command]

    def denied(*a: Any, **k: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(here / ".t.tmp"))
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = _run(command, "en25.jsonl", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"curator-cli: error: {first}: cannot write (Permission denied); ")
    assert _files(here) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_convert_into_a_read_only_folder(here: Path) -> None:
    Path("en25.jsonl").write_bytes(_data())
    (here / "locked").mkdir(mode=0o555)
    try:
        result = _run("convert", "--from", "openai", "en25.jsonl", "-o", "locked/out.jsonl")
    finally:
        (here / "locked").chmod(0o755)
    assert result.exit_code == 2
    assert "locked/out.jsonl: cannot write (Permission denied)" in result.stderr
    assert list((here / "locked").iterdir()) == []


def test_convert_onto_dev_full_is_a_clean_error(here: Path, no_rename: None) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    Path("en25.jsonl").write_bytes(_data(300))
    result = _run("convert", "--from", "openai", "en25.jsonl", "-o", "/dev/full")
    assert result.exit_code == 2
    assert "curator-cli: error: /dev/full: cannot write (No space left on device)" in (
        result.stderr)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)
    assert not Path("/dev/full.manifest.json").exists()


# -- item 13: devices, FIFOs and symlinks named by -o ----------------------------------------

@pytest.fixture
def no_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any rename fails the test: a regression must not replace a real device (as root)."""
    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"rename attempted: {args}")
    monkeypatch.setattr(os, "replace", forbidden)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_dev_null_stays_a_device_and_gets_no_manifest(here: Path, no_rename: None,
                                                      command: str) -> None:
    Path("en25.jsonl").write_bytes(_data())
    args = [a if a != "out.jsonl" else "/dev/null" for a in COMMANDS[command][0]]
    args = [a for a in args if a not in ("--split", "0.25")]
    result = _run(command, "en25.jsonl", *args)
    assert result.exit_code == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert not Path("/dev/null.manifest.json").exists()


def test_export_split_into_a_device_is_refused(here: Path) -> None:
    Path("en25.jsonl").write_bytes(_data())
    result = _run("export", "en25.jsonl", "--to", "openai", "--split", "0.25", "-o", "/dev/null")
    assert result.exit_code == 2
    assert "curator-cli: error: /dev/null: is a device; --split writes" in result.stderr
    assert not Path("/dev/null.train.jsonl").exists()


def test_export_into_a_fifo_streams_to_its_reader(here: Path) -> None:
    Path("en25.jsonl").write_bytes(_data())
    os.mkfifo("out.jsonl")
    received: list[bytes] = []
    reader = threading.Thread(
        target=lambda: received.append(Path("out.jsonl").read_bytes()), daemon=True)
    reader.start()
    result = _run("export", "en25.jsonl", "--to", "openai", "-o", "out.jsonl")
    reader.join(timeout=30)
    assert result.exit_code == 0 and not reader.is_alive()
    assert stat.S_ISFIFO(os.lstat("out.jsonl").st_mode)
    manifest = orjson.loads(Path("out.manifest.json").read_bytes())
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256(received[0]).hexdigest()
    assert len(received[0].splitlines()) == manifest["outputs"][0]["examples"] > 0


def test_convert_through_a_symlink_replaces_its_target(here: Path) -> None:
    Path("en25.jsonl").write_bytes(_data())
    (here / "elsewhere").mkdir()
    target = here / "elsewhere" / "real.jsonl"
    target.write_bytes(b"previous\n")
    Path("out.jsonl").symlink_to(target)
    result = _run("convert", "--from", "openai", "en25.jsonl", "-o", "out.jsonl")
    assert result.exit_code == 0
    assert Path("out.jsonl").is_symlink() and Path("out.jsonl").resolve() == target
    assert len(target.read_bytes().splitlines()) == 13
    assert [p.name for p in (here / "elsewhere").iterdir()] == ["real.jsonl"]
