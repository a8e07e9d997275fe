"""Lossless JSONL: stream physical lines with their exact bytes, parse them, write atomically.

A file is ``[BOM] line1 eol1 line2 eol2 ... lineN [eolN]``. Every :class:`RawLine` keeps its
bytes without the terminator and the terminator itself (``b"\\n"``, ``b"\\r\\n"`` or ``b""``
for a last line with none), so concatenating them gives back the file byte for byte.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, TypeVar

import orjson

from curator.core.model.locations import Location, open_binary

BOM = b"\xef\xbb\xbf"
CHUNK_SIZE = 1 << 22  # 4 MiB reads keep memory flat on files of any size


@dataclass(slots=True, frozen=True)
class RawLine:
    """One physical line of a file."""

    number: int  # 1-based physical line number
    data: bytes  # the line without its terminator (and without a leading BOM)
    eol: bytes  # b"\n", b"\r\n" or b"" (last line without a terminator)


@dataclass(slots=True, frozen=True)
class ParseError:
    """Why a line is not a JSON object; ``column`` is 1-based, in characters."""

    kind: str  # "blank", "utf8", "json", "depth", "not-object"
    message: str
    column: int = 1


class LineReader:
    """Iterate the physical lines of a binary stream, reading it in chunks.

    ``bom`` is True once the first chunk showed a UTF-8 byte order mark.
    """

    def __init__(self, stream: BinaryIO, chunk_size: int = CHUNK_SIZE) -> None:
        self._stream = stream
        self._chunk_size = chunk_size
        self.bom = False

    def __iter__(self) -> Iterator[RawLine]:
        number = 0
        pending: list[bytes] = []  # the start of a line longer than the chunks read so far
        for chunk in self._chunks():
            if b"\n" not in chunk:
                pending.append(chunk)  # joined once, when the line ends: linear in its size
                continue
            if pending:
                pending.append(chunk)
                chunk = b"".join(pending)
            pieces = chunk.split(b"\n")
            tail = pieces.pop()
            pending = [tail] if tail else []
            for piece in pieces:
                number += 1
                if piece.endswith(b"\r"):
                    yield RawLine(number, piece[:-1], b"\r\n")
                else:
                    yield RawLine(number, piece, b"\n")
        if pending:
            yield RawLine(number + 1, b"".join(pending), b"")

    def _chunks(self) -> Iterator[bytes]:
        """The stream's bytes in chunks, without a leading byte order mark."""
        chunk = self._stream.read(self._chunk_size)
        while 0 < len(chunk) < len(BOM):  # tiny reads: make sure a BOM is seen whole
            more = self._stream.read(self._chunk_size)
            if not more:
                break
            chunk += more
        if chunk.startswith(BOM):
            self.bom = True
            chunk = chunk[len(BOM):] or self._stream.read(self._chunk_size)
        while chunk:
            yield chunk
            chunk = self._stream.read(self._chunk_size)


def iter_lines(path: str | os.PathLike[str]) -> Iterator[RawLine]:
    """Stream the physical lines of ``path`` (a leading BOM is dropped; see :class:`LineReader`)."""
    with Path(path).open("rb") as stream:
        yield from LineReader(stream)


def chunk_bounds(path: Location, size: int, chunk: int, taper: int = 0
                 ) -> list[tuple[int, int]]:
    """Byte ranges of ``path`` (``size`` bytes; a file, or a URL: locations) of about
    ``chunk`` bytes, each ending just after a newline, so that each can be checked on its own.

    The last ``taper`` bytes are cut into quarter chunks, so that workers sharing the ranges
    finish at about the same time instead of one working alone on the last full chunk.
    """
    cuts = [0]
    with open_binary(path) as stream:
        position = chunk if size > taper else max(1, chunk // 4)
        while position < size:
            newline = _next_newline(stream, position)
            if newline < 0:
                break
            cut = newline + 1
            if cut >= size:
                break
            cuts.append(cut)
            position = cut + (chunk if size - cut > taper else max(1, chunk // 4))
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def too_long(size: int, limit: int) -> ParseError:
    """The error of a line longer than ``limit`` bytes (it is not parsed)."""
    return ParseError("too-long", (
        f"the line is {size / 2**20:,.1f} MiB, longer than the limit of {limit / 2**20:,.0f} "
        "MiB; no chat example needs that, so it was not read: split or remove it, or raise "
        "max_line_bytes (--max-line-bytes) if it really is one example"))


def _next_newline(stream: BinaryIO, position: int) -> int:
    """The offset of the first newline at or after ``position``, or -1 (a very long line is
    read on in blocks, each searched once)."""
    stream.seek(position)
    size = 1 << 16
    while True:
        block = stream.read(size)
        if not block:
            return -1
        found = block.find(b"\n")
        if found >= 0:
            return position + found
        position += len(block)
        size = 1 << 20


def is_blank(data: bytes) -> bool:
    """True for an empty or whitespace-only line."""
    return not data.strip()


BLANK = ParseError("blank", "blank line")


def parse_line(data: bytes) -> tuple[Any, ParseError | None]:
    """Parse one line. Returns ``(value, None)`` for a JSON object, else ``(None, error)``.

    A blank (empty or whitespace-only) line gives the :data:`BLANK` error.
    """
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if is_blank(data):
            return None, BLANK
        return None, _describe_json_error(data, exc)
    if not isinstance(value, dict):
        return None, ParseError(
            "not-object",
            f"the line is a JSON {_json_type(value)}, not an object; "
            'each line must be one object such as {"messages": [...]}',
        )
    return value, None


def _describe_json_error(data: bytes, exc: orjson.JSONDecodeError) -> ParseError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        column = len(data[: bad.start].decode("utf-8", errors="replace")) + 1
        return ParseError(
            "utf8",
            f"invalid UTF-8: byte 0x{data[bad.start]:02x} at byte offset {bad.start} of the line; "
            "re-save the file as UTF-8",
            column,
        )
    if "depth limit" in exc.msg:
        return ParseError(
            "depth",
            "JSON is nested more than 1024 levels deep; no chat example needs that, "
            "so the line is probably corrupt",
            exc.colno,
        )
    hint = "fix the JSON syntax (each line must hold exactly one complete JSON object)"
    return ParseError("json", f"invalid JSON: {exc.msg} at column {exc.colno}; {hint}", exc.colno)


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def dump_value(value: Any) -> bytes:
    """Serialise an edited value as one compact JSON line (UTF-8, no terminator)."""
    return orjson.dumps(value)


class WriteError(OSError):
    """A named output could not be written.

    ``filename`` is the output as the caller named it (never a temp file, never the input);
    ``str()`` says what is wrong, where, and what to do about it.
    """

    def __str__(self) -> str:
        return f"{self.filename}: cannot write ({self.strerror}); {_write_hint(self)}"


def _write_hint(exc: OSError) -> str:
    hints = {
        errno.EACCES: "you may not write in that folder; choose another output or change "
                      "the folder's permissions",
        errno.ENOSPC: "the disk is full; free some space or choose an output on another disk",
        errno.EDQUOT: "your disk quota is used up; free some space or choose another disk",
        errno.EROFS: "the disk is mounted read-only; choose an output on another disk",
        errno.ENOENT: "its folder does not exist; create it first",
        errno.EISDIR: "it is a folder; name a file",
        errno.EPIPE: "the program reading the pipe stopped before the end",
        errno.ELOOP: "its symbolic links form a loop; fix the link or choose another output",
    }
    hints[errno.EPERM] = hints[errno.EACCES]
    return hints.get(exc.errno or 0, "choose another output")


P = ParamSpec("P")
R = TypeVar("R")


def _guarded(shown: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run one step of writing ``shown``; an OS error becomes a :class:`WriteError` naming it."""
    try:
        return call(*args, **kwargs)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(exc.errno, exc.strerror or str(exc), shown) from exc


def _copy(chunks: Iterable[bytes], out: BinaryIO, shown: str) -> None:
    # an error raised by ``chunks`` itself (reading the source) propagates as it is: it is
    # not the output's fault, so it must not be reported as one
    for chunk in chunks:
        _guarded(shown, out.write, chunk)
    _guarded(shown, out.flush)


def resolve_output(path: str | os.PathLike[str]) -> Path:
    """The file that writing ``path`` writes: symlinks followed (a dangling link: the file it
    names, which writing creates); raises :class:`WriteError` for a loop of links."""
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops where links loop
        raise WriteError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path))
    return target


def is_write_through(target: Path) -> bool:
    """True for a device or a FIFO: written in place, never replaced."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)


def is_device(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` (through its links) is a character or block device (``/dev/null``):
    writing there keeps nothing, so files derived from its name (a manifest) are not written."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def write_atomic(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path``; never leave it half-written, never replace a link or device.

    - A regular file (or a new one) is written atomically: a temp file in the same folder,
      fsync, rename over it (its permissions kept). If anything fails, the file is untouched
      and the temp file is removed.
    - A symlink is followed to its target (through a chain of links), and the TARGET is
      replaced atomically: the temp file goes in the target's folder, and the link stays a
      link. A dangling link is followed too: its target path is created.
    - A character or block device (``/dev/null``) or a FIFO is written through directly:
      opened and written in place, NOT atomically (there is nothing to rename over a device,
      and a FIFO's reader sees the bytes as they come). A FIFO blocks until a reader opens it.

    Raises :class:`WriteError` (an ``OSError``) naming ``path`` when writing fails; an error
    raised by ``chunks`` itself propagates unchanged.
    """
    _stage_and_commit([(path, chunks)])


def write_atomic_all(outputs: Sequence[tuple[str | os.PathLike[str], Iterable[bytes]]],
                     before_commit: Callable[[], None] | None = None) -> None:
    """Write several outputs as in :func:`write_atomic`, as a group: every temp file is written
    and synced before any is renamed, so a full disk or a denied folder leaves every output as
    it was. Devices and FIFOs among them are written through when their turn comes.

    ``before_commit`` runs once everything is staged, before the first rename: what it raises
    leaves every output as it was (the source changed meanwhile), and it may clear the way
    (remove an old manifest, so that a set cut short by a kill has none).
    """
    _stage_and_commit(outputs, before_commit)


def _stage_and_commit(outputs: Sequence[tuple[str | os.PathLike[str], Iterable[bytes]]],
                      before_commit: Callable[[], None] | None = None) -> None:
    staged: list[tuple[str, Path, str]] = []  # (temp file, target, as named)
    try:
        for path, chunks in outputs:
            shown = os.fspath(path)
            target = resolve_output(path)
            if is_write_through(target):
                _write_through(target, chunks, shown)
            else:
                staged.append((_stage(target, chunks, shown), target, shown))
        if before_commit is not None:
            before_commit()
        for temp_name, target, shown in staged:
            _guarded(shown, os.replace, temp_name, target)
    except BaseException:
        for temp_name, _, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise
    for folder in {target.parent for _, target, _ in staged}:
        fsync_folder(folder)


def _write_through(target: Path, chunks: Iterable[bytes], shown: str) -> None:
    out = _guarded(shown, target.open, "wb")  # truncation is a no-op on devices and FIFOs
    _fill(out, chunks, shown, sync=False)


def _fill(out: BinaryIO, chunks: Iterable[bytes], shown: str, *, sync: bool) -> None:
    """Write, optionally fsync, and close ``out``; it is closed whatever happens."""
    try:
        _copy(chunks, out, shown)
        if sync:
            _guarded(shown, os.fsync, out.fileno())
        _guarded(shown, out.close)
    finally:
        with contextlib.suppress(OSError):  # after a failed write: the first error counts
            out.close()


def _stage(target: Path, chunks: Iterable[bytes], shown: str) -> str:
    """Write ``chunks`` to a synced temp file beside ``target``; returns its name."""
    mode = None
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777
    fd, temp_name = _guarded(shown, tempfile.mkstemp, prefix=f".{target.name}.",
                             suffix=".tmp", dir=target.parent)
    try:
        _fill(os.fdopen(fd, "wb"), chunks, shown, sync=True)
        if mode is not None:
            _guarded(shown, os.chmod, temp_name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


def fsync_folder(folder: Path) -> None:
    """Persist the rename itself (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
