"""Lossless JSONL: stream physical lines with their exact bytes, parse them, write atomically.

A file is ``[BOM] line1 eol1 line2 eol2 ... lineN [eolN]``. Every :class:`RawLine` keeps its
bytes without the terminator and the terminator itself (``b"\\n"``, ``b"\\r\\n"`` or ``b""``
for a last line with none), so concatenating them gives back the file byte for byte.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

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
        pending = b""
        first = True
        while True:
            chunk = self._stream.read(self._chunk_size)
            if first:
                first = False
                while 0 < len(chunk) < len(BOM):  # tiny reads: make sure a BOM is seen whole
                    more = self._stream.read(self._chunk_size)
                    if not more:
                        break
                    chunk += more
                if chunk.startswith(BOM):
                    self.bom = True
                    chunk = chunk[len(BOM) :]
            if not chunk:
                break
            buffer = pending + chunk if pending else chunk
            pieces = buffer.split(b"\n")
            pending = pieces.pop()
            for piece in pieces:
                number += 1
                if piece.endswith(b"\r"):
                    yield RawLine(number, piece[:-1], b"\r\n")
                else:
                    yield RawLine(number, piece, b"\n")
        if pending:
            yield RawLine(number + 1, pending, b"")


def iter_lines(path: str | os.PathLike[str]) -> Iterator[RawLine]:
    """Stream the physical lines of ``path`` (a leading BOM is dropped; see :class:`LineReader`)."""
    with Path(path).open("rb") as stream:
        yield from LineReader(stream)


def chunk_bounds(path: Path, size: int, chunk: int, taper: int = 0) -> list[tuple[int, int]]:
    """Byte ranges of ``path`` (``size`` bytes) of about ``chunk`` bytes, each ending just
    after a newline, so that each can be checked on its own.

    The last ``taper`` bytes are cut into quarter chunks, so that workers sharing the ranges
    finish at about the same time instead of one working alone on the last full chunk.
    """
    cuts = [0]
    with path.open("rb") as stream:
        position = chunk if size > taper else max(1, chunk // 4)
        while position < size:
            stream.seek(position)
            tail = stream.read(1 << 16)
            while tail and b"\n" not in tail:  # a very long line: keep reading
                more = stream.read(1 << 20)
                if not more:
                    break
                tail += more
            newline = tail.find(b"\n")
            if newline < 0:
                break
            cut = position + newline + 1
            if cut >= size:
                break
            cuts.append(cut)
            position = cut + (chunk if size - cut > taper else max(1, chunk // 4))
    cuts.append(size)
    return list(itertools.pairwise(cuts))


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


def write_atomic(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` atomically: temp file in the same folder, fsync, rename.

    If anything fails, the original file is untouched and the temp file is removed.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path()
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = target.stat().st_mode & 0o777
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
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
