"""Issue 15, items 10 and 16: inputs that are pipes or devices, and inputs that change while
they are read.

A FIFO or a pipe (``<(cat data.jsonl)``, ``/dev/fd/N``) is read once into a copy in the cache
folder, checked, named as given in every report and manifest, and the copy is deleted, also
on an error or Ctrl-C; a device is refused. A file changed while dedup, export or convert
reads it is refused with exit 2 and nothing written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.cli import dedup_cmd, export_cmd, validate
from tests.cli.hostile import Fifo, cache_inputs, clean, data, run, snapshot

COMMANDS = {  # arguments after the input, and the status the data gives
    "validate": (["--format", "json"], 1),
    "stats": (["--format", "json"], 0),
    "cost": (["--target", "gpt-4o-mini", "--format", "json"], 0),
    "dedup": (["-o", "out.jsonl", "--format", "json"], 0),
    "export": (["--to", "openai", "--split", "0.25", "-o", "out.jsonl"], 0),
    "convert": (["--from", "openai", "-o", "out.jsonl"], 0),
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _names_the_fifo(command: str, stdout: str, folder: Path) -> None:
    """The report or the manifest names the FIFO as given, never the copy."""
    if command == "validate":
        report = orjson.loads(stdout)["files"][0]
        assert (report["path"], report["examples"]) == ("in.jsonl", 14)
    elif command == "stats":
        assert orjson.loads(stdout)["examples"] == 13
        assert orjson.loads(stdout)["path"] == "in.jsonl"
    elif command == "cost":
        assert orjson.loads(stdout)[0]["examples"] == 13
    elif command == "dedup":
        assert orjson.loads(stdout)["input"] == "in.jsonl"
        assert len((folder / "out.jsonl").read_bytes().splitlines()) == 13
    else:
        manifest = orjson.loads((folder / "out.manifest.json").read_bytes())
        source = manifest["source"]
        assert (source["path"] if command == "export" else source) == "in.jsonl"
    assert "inputs" not in stdout


# -- item 10: a named FIFO, a pipe, a device ------------------------------------------------

@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_named_fifo_is_read_once_and_named_as_given(here: Path, command: str) -> None:
    args, status = COMMANDS[command]
    with Fifo(here / "in.jsonl", data()).feeding():
        result = run(command, "in.jsonl", *args)
    assert result.exit_code == status, result.output
    _names_the_fifo(command, result.stdout, here)
    assert cache_inputs() == []  # the copy is gone


def test_export_of_a_fifo_records_the_hash_of_what_it_read(here: Path) -> None:
    with Fifo(here / "in.jsonl", data()).feeding():
        run("export", "in.jsonl", "--to", "openai", "-o", "out.jsonl")
    manifest = orjson.loads(Path("out.manifest.json").read_bytes())
    assert manifest["source"]["sha256"] == hashlib.sha256(data()).hexdigest()
    assert manifest["source"]["lines"] == 14


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_shell_pipe_is_a_clean_input(here: Path, command: str) -> None:
    """bash's ``<(cat data.jsonl)`` is /dev/fd/63: one pipe, read once."""
    if shutil.which("bash") is None:
        pytest.skip("no bash here")
    Path("data.jsonl").write_bytes(data())
    args = " ".join(COMMANDS[command][0])
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m curator.cli.main {command} <(cat data.jsonl) "
                       f"{args}"], capture_output=True, timeout=300, check=False,
        env={**os.environ, "CI": "1"})
    assert b"Traceback" not in done.stderr
    assert done.returncode == COMMANDS[command][1], done.stderr
    if command == "export":
        source = orjson.loads(Path("out.manifest.json").read_bytes())["source"]
        assert source["path"].startswith("/dev/fd/") and source["lines"] == 14
    assert cache_inputs() == []


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_device_as_input_is_refused(here: Path, command: str, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    result = run(command, device, *COMMANDS[command][0])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"curator-cli: error: {device}: is a device, not a file")
    assert snapshot(here) == {}


def test_a_pipe_larger_than_the_cap_is_a_clean_error(here: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from curator.core.model import inputs

    monkeypatch.setattr(inputs, "SPOOL_LIMIT", 1000)
    with Fifo(here / "in.jsonl", clean(40)).feeding():
        result = run("validate", "in.jsonl")
    assert result.exit_code == 2
    assert "in.jsonl: the pipe gave more than" in result.stderr
    assert "save the data to a file" in result.stderr
    assert cache_inputs() == []


def test_an_unwritable_cache_folder_is_a_clean_error(here: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    Path("not-a-folder").write_text("")
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(here / "not-a-folder"))
    with Fifo(here / "in.jsonl", clean(5)).feeding():
        result = run("validate", "in.jsonl")
    assert result.exit_code == 2
    assert "in.jsonl: is a pipe, which Curator copies into its cache folder" in result.stderr
    assert "CURATOR_CACHE_DIR" in result.stderr


@pytest.mark.parametrize("fault, status", [(KeyboardInterrupt, 130), (ZeroDivisionError, 3)])
def test_the_copy_is_removed_on_ctrl_c_and_on_a_crash(
        here: Path, monkeypatch: pytest.MonkeyPatch, fault: type[BaseException],
        status: int) -> None:
    def check(path: Path, *args: Any, **kwargs: Any) -> Iterator[Any]:
        assert Path(path).parent.name == "inputs" and Path(path).is_file()  # the copy
        raise fault
        yield  # a generator, as validate_path is

    monkeypatch.setattr(validate, "validate_path", check)
    with Fifo(here / "in.jsonl", clean(5)).feeding():
        result = run("validate", "in.jsonl", statuses={status})
    assert cache_inputs() == []
    assert "Traceback" not in result.stderr


# -- item 16: a file that changes while it is read -------------------------------------------

def _prepend(path: Path) -> None:
    path.write_bytes(b'{"messages": [{"role": "user", "content": "new"}, '
                     b'{"role": "assistant", "content": "row"}]}\n' + path.read_bytes())


def _same_size_same_time(path: Path) -> None:
    """Change one byte in place and put the modification time back: only a hash tells."""
    before = path.stat()
    with path.open("r+b") as stream:
        stream.seek(20)
        byte = stream.read(1)
        stream.seek(20)
        stream.write(b"X" if byte != b"X" else b"Y")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)


def _after_check(module: Any, change: Callable[[Path], None]) -> Callable[..., Any]:
    real = module.validate_path

    def check(path: Path, *args: Any, **kwargs: Any) -> Any:
        analysis = yield from real(path, *args, **kwargs)
        change(Path(path))
        return analysis

    return check


CHANGES = {"prepended": _prepend, "same size and time": _same_size_same_time}
WRITERS = {"dedup": (dedup_cmd, ["-o", "out.jsonl"]),
           "export": (export_cmd, ["--to", "openai", "--split", "0.25", "-o", "out.jsonl"])}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("command", list(WRITERS))
def test_a_file_changed_during_the_check_is_refused(
        here: Path, monkeypatch: pytest.MonkeyPatch, command: str, change: str) -> None:
    Path("in.jsonl").write_bytes(data())
    Path("out.jsonl").write_bytes(b"previous output\n")
    module, args = WRITERS[command]
    monkeypatch.setattr(module, "validate_path", _after_check(module, CHANGES[change]))
    result = run(command, "in.jsonl", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "curator-cli: error: in.jsonl: the file changed while it was read, so what was "
        "checked is not what is in it now; nothing was written: run again once nothing else "
        "writes the file")
    assert sorted(p.name for p in here.iterdir()) == ["in.jsonl", "out.jsonl"]
    assert Path("out.jsonl").read_bytes() == b"previous output\n"


def test_convert_refuses_a_file_changed_while_it_was_read(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("in.jsonl").write_bytes(data())
    real = export_cmd.read_jsonl

    def read(path: Path, fmt: str) -> Iterator[Any]:
        yield from real(path, fmt)
        _prepend(path)

    monkeypatch.setattr(export_cmd, "read_jsonl", read)
    result = run("convert", "--from", "openai", "in.jsonl", "-o", "out.jsonl")
    assert result.exit_code == 2
    assert "in.jsonl: the file changed while it was read" in result.stderr
    assert sorted(p.name for p in here.iterdir()) == ["in.jsonl"]


def test_a_file_left_alone_is_written(here: Path) -> None:
    """The same runs without a change write their outputs (the checks do not misfire)."""
    Path("in.jsonl").write_bytes(data())
    assert run("dedup", "in.jsonl", "-o", "d.jsonl").exit_code == 0
    assert run("export", "in.jsonl", "--to", "openai", "-o", "e.jsonl").exit_code == 0
    assert run("convert", "--from", "openai", "in.jsonl", "-o", "c.jsonl").exit_code == 0
    assert len(Path("d.jsonl").read_bytes().splitlines()) == 13
