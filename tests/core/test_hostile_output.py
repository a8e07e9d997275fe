"""Issue 15, items 2, 5, 13 and 22: what write_atomic does with odd outputs and faults.

A device or FIFO is written through, never replaced; a symlink is followed and its target
replaced atomically; a full disk or a denied folder is a WriteError naming the output, with
the output and its folder as they were; file names that are not UTF-8 become valid JSON
text and exact URI references.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from curator.core.model import jsonl
from curator.core.model.jsonl import WriteError, write_atomic, write_atomic_all
from curator.core.model.paths import path_text, uri_reference

ROWS = [b'{"a": 1}\n', b'{"a": 2}\n']


@pytest.fixture
def no_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any rename fail the test: a device must never be replaced, even by a regression
    (as root, renaming over /dev/null turned it into a regular file)."""
    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"rename attempted: {args}")
    monkeypatch.setattr(os, "replace", forbidden)
    monkeypatch.setattr(os, "rename", forbidden)


def _leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_dev_null_is_written_through_and_stays_a_device(no_rename: None) -> None:
    before = Path("/dev/null").stat()
    write_atomic("/dev/null", ROWS)
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".null.")]


def test_a_fifo_is_written_through_to_its_reader(tmp_path: Path, no_rename: None) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, iter(ROWS))
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert received == [b"".join(ROWS)]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    target = there / "data.jsonl"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = here / "out.jsonl"
    link.symlink_to(target)
    write_atomic(link, ROWS)
    assert link.is_symlink() and link.readlink() == target
    assert target.read_bytes() == b"".join(ROWS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(here, there) == []


def test_a_chain_of_links_reaches_the_last_target(tmp_path: Path) -> None:
    target = tmp_path / "data.jsonl"
    target.write_bytes(b"old\n")
    (tmp_path / "middle").symlink_to(target)
    (tmp_path / "first").symlink_to(tmp_path / "middle")
    write_atomic(tmp_path / "first", ROWS)
    assert (tmp_path / "first").is_symlink() and (tmp_path / "middle").is_symlink()
    assert target.read_bytes() == b"".join(ROWS)


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    """Decision: a dangling link is followed; the file it names is created, the link kept."""
    (tmp_path / "there").mkdir()
    target = tmp_path / "there" / "new.jsonl"
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    write_atomic(link, ROWS)
    assert link.is_symlink()
    assert target.read_bytes() == b"".join(ROWS)


def test_a_loop_of_links_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(WriteError, match="symbolic links form a loop"):
        write_atomic(tmp_path / "a", ROWS)
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def _enospc(*args: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_leaves_the_output_as_it_was(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous\n")
    monkeypatch.setattr(os, "fsync", _enospc)
    with pytest.raises(WriteError) as caught:
        write_atomic(out, ROWS)
    assert str(caught.value) == (f"{out}: cannot write (No space left on device); the disk is "
                                 "full; free some space or choose an output on another disk")
    assert caught.value.filename == str(out)
    assert out.read_bytes() == b"previous\n"
    assert _leftovers(tmp_path) == []


def test_dev_full_is_a_write_error_not_a_replaced_device(no_rename: None) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(WriteError, match=r"/dev/full: cannot write \(No space left"):
        write_atomic("/dev/full", [b"x" * 100_000])
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_denied_folder_names_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / ".x.tmp"))
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    out = tmp_path / "out.jsonl"
    with pytest.raises(WriteError) as caught:
        write_atomic(out, ROWS)
    assert str(caught.value).startswith(f"{out}: cannot write (Permission denied); ")
    assert not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_a_write_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="Permission denied"):
            write_atomic(folder / "out.jsonl", ROWS)
    finally:
        folder.chmod(0o755)


def test_an_error_reading_the_source_is_not_blamed_on_the_output(tmp_path: Path) -> None:
    def rows() -> Iterator[bytes]:
        yield ROWS[0]
        raise OSError(errno.EIO, os.strerror(errno.EIO), "input.jsonl")
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "out.jsonl", rows())
    assert not isinstance(caught.value, WriteError)
    assert caught.value.filename == "input.jsonl"
    assert list(tmp_path.iterdir()) == []


def test_a_group_is_written_whole_or_not_at_all(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "out.jsonl", tmp_path / "out.manifest.json"
    first.write_bytes(b"old output\n")
    second.write_bytes(b"old manifest\n")
    real_fsync, calls = os.fsync, []

    def fsync_then_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file's data does not fit
            _enospc()
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync_then_full)
    with pytest.raises(WriteError, match=r"out\.manifest\.json: cannot write"):
        write_atomic_all([(first, ROWS), (second, [b"{}"])])
    assert first.read_bytes() == b"old output\n"
    assert second.read_bytes() == b"old manifest\n"
    assert _leftovers(tmp_path) == []


def test_jsonl_keeps_its_names(tmp_path: Path) -> None:
    assert jsonl.write_atomic is write_atomic  # the API every caller imports stays in place
    write_atomic(tmp_path / "plain.jsonl", ROWS)
    assert (tmp_path / "plain.jsonl").read_bytes() == b"".join(ROWS)


# -- names that are not UTF-8; SARIF URIs ---------------------------------------------------

def test_a_name_that_is_not_utf8_becomes_valid_text() -> None:
    name = os.fsdecode(b"caf\xe9.jsonl")  # "caf\udce9.jsonl"
    assert path_text(name) == "caf\ufffd.jsonl"
    assert path_text(b"dir/caf\xe9.jsonl") == "dir/caf\ufffd.jsonl"
    assert path_text(Path("caf\u00e9.jsonl")) == "caf\u00e9.jsonl"  # real UTF-8 stays


@pytest.mark.parametrize(("path", "uri"), [
    ("data/a b.jsonl", "data/a%20b.jsonl"),
    ("data/#1.jsonl", "data/%231.jsonl"),
    ("100%.jsonl", "100%25.jsonl"),
    ("caf\u00e9.jsonl", "caf%C3%A9.jsonl"),
    (os.fsdecode(b"caf\xe9.jsonl"), "caf%E9.jsonl"),  # the file's own byte, exactly
    ("a:b?.jsonl", "a%3Ab%3F.jsonl"),  # never read as a scheme or a query
    ("/tmp/x y.jsonl", "/tmp/x%20y.jsonl"),
])
def test_uri_reference_percent_encodes(path: str, uri: str) -> None:
    assert uri_reference(path) == uri
