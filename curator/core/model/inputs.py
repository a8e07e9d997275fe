"""What a command reads: a file as it is, a pipe copied once, and whether it changed meanwhile.

A check reads its input several times (the shape from the head, each chunk, the export's
pass, the manifest's hash), which a pipe cannot give: a named FIFO, bash's ``<(cat f)`` or
``/dev/fd/N`` is read ONCE into a private copy in the user's cache folder (the one place
besides the named outputs that Curator writes), the copy is checked, and it is deleted
afterwards, whatever happens. A device (``/dev/zero``, ``/dev/urandom``, a terminal) is
refused: it never ends. A regular file is stamped (size, modification time, inode) before it
is read, so that a command which writes something can refuse to commit it when the file
changed while it was read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from curator.core.model.cache import cache_dir
from curator.core.model.jsonl import CHUNK_SIZE, LineReader, RawLine
from curator.core.model.locations import is_url

# The largest pipe copied into the cache folder: a constant (not a setting), 8 GiB, far
# above any chat dataset a pipe would carry; past it, save the data to a file.
SPOOL_LIMIT = 8 << 30


class InputError(ValueError):
    """An input that cannot be checked; the message names it and says what to do."""


class SourceChangedError(InputError):
    """The input changed while it was read: what was checked is not what is in the file."""


@dataclass(frozen=True)
class Stamp:
    """What changes when a file is written or replaced."""

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> Stamp:
        info = Path(path).stat()
        return cls(info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


@dataclass(frozen=True)
class Source:
    """An input as a command reads it: ``path`` is the file read (a pipe's copy), ``shown``
    the name as given, which every report and manifest uses."""

    path: Path
    shown: str
    stamp: Stamp
    sha256: str | None = None  # of the bytes when first read; None when not hashed
    spooled: bool = False  # ``path`` is a copy of a pipe

    def check(self, sha256: str | None = None) -> None:
        """Raise :class:`SourceChangedError` when the file is not as it was first read (its stamp,
        or ``sha256`` of a later pass against the first)."""
        try:
            now = Stamp.of(self.path)
        except OSError:
            now = None
        if now != self.stamp or (sha256 and self.sha256 and sha256 != self.sha256):
            raise SourceChangedError(f"{self.shown}: the file changed while it was read, so what "
                                "was checked is not what is in it now; nothing was written: "
                                "run again once nothing else writes the file")

    def named(self, text: str) -> str:
        """``text`` (an error message) with the copy's name replaced by the name as given."""
        return text.replace(str(self.path), self.shown) if self.spooled else text


def sha256_of(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(CHUNK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


class _Hashing:
    """A binary stream that hashes every byte read through it."""

    def __init__(self, stream: BinaryIO, digest: Any) -> None:
        self._stream = stream
        self._digest = digest

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._digest.update(data)
        return data


def hashed_lines(path: str | os.PathLike[str], digest: Any) -> Iterator[RawLine]:
    """The physical lines of ``path`` (as :func:`~curator.core.model.jsonl.iter_lines`), every
    byte of the file (a BOM included) fed to ``digest`` as it is read."""
    with Path(path).open("rb") as stream:
        yield from LineReader(cast(BinaryIO, _Hashing(stream, digest)))


STDIN = "-"  # the name of standard input on the command line


def readable_name(name: str) -> str:
    """The path to read for ``name``: ``-`` is standard input (``/dev/stdin``), refused when
    it is a terminal (nothing was piped in)."""
    if name != STDIN:
        return name
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError("-: standard input is a terminal, not data; pipe a file in, as in "
                         "`cat data.jsonl | curator-cli validate -`, or give the file's name")
    return "/dev/stdin"


def input_kind(name: str) -> str:
    """``"file"`` or ``"pipe"`` (a FIFO, or a pipe such as ``/dev/fd/63``; ``-``, standard
    input, is either); raises :class:`InputError` for anything that cannot be checked
    (missing, a folder, a device)."""
    shown, name = name, readable_name(name)
    if is_url(name):
        raise InputError(
            f"{shown}: is a URL, which only `curator-cli validate --dask` reads (each Dask "
            "worker reads its own part of it, with fsspec); this command reads its input on "
            "this machine: copy the file here first")
    try:
        mode = Path(name).stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file; check the path") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{shown}: is a folder; give a .jsonl file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise InputError(f"{shown}: is {kind}, not a file (a device such as /dev/zero never "
                         "ends); give a file, or a pipe of one such as <(cat data.jsonl)")
    if stat.S_ISFIFO(mode):
        return "pipe"
    if not os.access(name, os.R_OK):
        raise InputError(f"{shown}: permission denied; make the file readable")
    return "file"


@contextlib.contextmanager
def open_input(name: str, hashed: bool = False) -> Iterator[Source]:
    """The input ``name`` ready to be read as often as needed (see the module's notes);
    ``hashed``: a regular file's sha256 is taken first. Raises :class:`InputError`."""
    if input_kind(name) == "pipe":
        copy, copied = _spool(readable_name(name))
        try:
            yield Source(copy, name, Stamp.of(copy), copied, spooled=True)
        finally:
            with contextlib.suppress(OSError):
                copy.unlink()
        return
    path = os.path.realpath(readable_name(name))  # `-` redirected from a file: that file
    try:
        stamp = Stamp.of(path)
        digest = sha256_of(path) if hashed else None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    yield Source(Path(path), name, stamp, digest)


def _spool(name: str) -> tuple[Path, str]:
    """Copy the pipe ``name`` into the cache folder; returns the copy and its sha256."""
    folder = cache_dir() / "inputs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix="pipe-", suffix=Path(name).suffix, dir=folder)
    except OSError as exc:
        raise InputError(f"{name}: is a pipe, which Curator copies into its cache folder "
                         f"{folder} to read more than once, and that folder cannot be "
                         f"written ({exc.strerror or exc}); set CURATOR_CACHE_DIR to a "
                         "writable folder, or save the data to a file first") from None
    copy = Path(temp)
    try:
        try:
            with os.fdopen(fd, "wb") as out:  # closing flushes: its error is the folder's
                digest = _copy_pipe(name, out.write)
        except OSError as exc:
            raise InputError(f"{name}: cannot copy the pipe into the cache folder {folder} "
                             f"({exc.strerror or exc}); free some space there, set "
                             "CURATOR_CACHE_DIR to another folder, or save the data to a "
                             "file first") from None
    except BaseException:
        with contextlib.suppress(OSError):
            copy.unlink()
        raise
    return copy, digest


def _copy_pipe(name: str, write: Callable[[bytes], Any]) -> str:
    digest = hashlib.sha256()
    copied = 0
    try:
        pipe = Path(name).open("rb")  # noqa: SIM115 (closed below, errors told apart)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    with pipe:
        while True:
            try:
                block = pipe.read(CHUNK_SIZE)
            except OSError as exc:
                raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
            if not block:
                return digest.hexdigest()
            copied += len(block)
            if copied > SPOOL_LIMIT:
                raise InputError(
                    f"{name}: the pipe gave more than {SPOOL_LIMIT / (1 << 30):g} GiB, the "
                    "most Curator copies into its cache folder to check; save the data to a "
                    "file and check that")
            digest.update(block)
            write(block)  # an OSError here is the copy's: _spool names the cache folder
