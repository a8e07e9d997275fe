"""Recovery journals: unsaved edits survive a crash.

A journal describes the rows of a dataset as runs of untouched lines of the source file (by
line number) and the bytes of every edited or added row, so it stays small however large the
file. It names the source's size and modification time; a journal is only restored onto the
source it was written against. Journals are written atomically, like every file Curator writes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    TypeAdapter,
    ValidationError,
)

from curator.core.model.dataset import Dataset, Row
from curator.core.model.jsonl import LineReader, write_atomic

FORMAT = "curator-recovery/1"


class RecoveryError(ValueError):
    """A journal that cannot be restored, and why."""


class Header(BaseModel):
    """The journal's first line; strict: ``"5"`` is not a number, ``true`` is not 1."""

    model_config = ConfigDict(strict=True, frozen=True)
    format: Literal["curator-recovery/1"]
    source: str | None
    stamp: tuple[Annotated[int, Field(ge=0)], int] | None  # size, mtime in ns
    bom: bool
    rows: Annotated[int, Field(ge=0)]
    saved_at: Annotated[float, Field(allow_inf_nan=False)]


def _row_bytes(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("must be a string of base64")
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not valid base64 ({exc})") from exc
    if b"\n" in data:
        raise ValueError("the row holds a line break, but a row is one line")
    return data


def _ordered(entry: tuple[str, int, int]) -> tuple[str, int, int]:
    if entry[1] > entry[2]:
        raise ValueError(f"the run of lines {entry[1]}-{entry[2]} is reversed")
    return entry


def _entry_kind(value: Any) -> str | None:
    kind = value[0] if isinstance(value, list | tuple) and value else None
    return kind if kind in ("keep", "row") else None


LineNumber = Annotated[int, Field(ge=1, strict=True)]
Keep = Annotated[tuple[Literal["keep"], LineNumber, LineNumber], AfterValidator(_ordered)]
Eol = Literal["\n", "\r\n", ""]
Added = tuple[Literal["row"], Annotated[bytes, PlainValidator(_row_bytes)], Eol]
Entry = tuple[Literal["keep"], int, int] | tuple[Literal["row"], bytes, Eol]
ENTRY: TypeAdapter[Entry] = TypeAdapter(Annotated[
    Annotated[Keep, Tag("keep")] | Annotated[Added, Tag("row")],
    Discriminator(_entry_kind, custom_error_type="entry_kind",
                  custom_error_message='an entry is ["keep", FIRST, LAST] or '
                                       '["row", BASE64, EOL]')])
HEADER_FIELDS: dict[Any, str] = {0: "size", 1: "modification time"}
ENTRY_FIELDS: dict[Any, str] = {1: "first line", 2: "last line"}
ROW_FIELDS: dict[Any, str] = {1: "the row's bytes (base64)", 2: "its line ending"}


@dataclass(frozen=True)
class JournalInfo:
    source: Path | None
    saved_at: float  # when the journal was written (seconds since the epoch)
    rows: int


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _entries(dataset: Dataset) -> Iterator[Any]:
    run: list[int] | None = None
    for row in dataset.rows:
        if not row.edited and row.origin is not None:
            if run is not None and row.origin == run[1] + 1:
                run[1] = row.origin
                continue
            if run is not None:
                yield ["keep", *run]
            run = [row.origin, row.origin]
            continue
        if run is not None:
            yield ["keep", *run]
            run = None
        yield ["row", base64.b64encode(row.raw).decode(), row.eol.decode()]
    if run is not None:
        yield ["keep", *run]


def write_journal(journal: Path, dataset: Dataset, saved_at: float) -> None:
    source = dataset.path
    header = {"format": FORMAT, "source": str(source) if source else None,
              "stamp": _stamp(source) if source and source.exists() else None,
              "bom": dataset.bom, "rows": len(dataset), "saved_at": saved_at}
    lines = [orjson.dumps(header) + b"\n"]
    lines.extend(orjson.dumps(entry) + b"\n" for entry in _entries(dataset))
    write_atomic(journal, lines)


def _read(journal: Path) -> tuple[Header, list[Entry]]:
    """The journal's header and entries, each validated in full (types, ranges, base64)."""
    try:
        lines = journal.read_bytes().splitlines()
    except OSError as exc:
        raise RecoveryError(f"{journal}: cannot read the recovery journal "
                            f"({exc.strerror or exc})") from exc
    if not lines:
        raise _damaged(journal, 1, "the journal is empty")
    _check_claim(journal, lines[0])
    try:
        header = Header.model_validate_json(lines[0])
    except ValidationError as exc:
        raise _damaged(journal, 1, f"the header: {_explain(exc, HEADER_FIELDS)}") from exc
    entries: list[Entry] = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            entries.append(ENTRY.validate_json(line))
        except ValidationError as exc:
            raise _damaged(journal, number, f"the entry {_clip(line)}: "
                           f"{_explain(exc, ENTRY_FIELDS)}") from exc
    return header, entries


def _explain(exc: ValidationError, names: dict[Any, str]) -> str:
    """Pydantic's errors as one sentence: which field, what is wrong."""
    parts = []
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        fields = ROW_FIELDS if loc[:1] == ["row"] else names
        where = ".".join(fields.get(part, str(part)) for part in loc if part not in (
            "keep", "row"))
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _damaged(journal: Path, line: int, what: str) -> RecoveryError:
    return RecoveryError(f"{journal}, line {line}: {what}. The recovery journal is damaged, so "
                         "its unsaved edits cannot be restored safely (the file they were "
                         "made on is untouched); discard the journal")


def _clip(line: bytes) -> str:
    text = line.decode("utf-8", "replace")
    return text if len(text) <= 60 else text[:57] + "..."


def _check_claim(journal: Path, first: bytes) -> None:
    """The first line must be JSON that says it is a journal of this format."""
    try:
        claimed = orjson.loads(first)
    except orjson.JSONDecodeError as exc:
        raise RecoveryError(f"{journal}: not a readable recovery journal ({exc}); "
                            "discard it") from exc
    if not (isinstance(claimed, dict) and claimed.get("format") == FORMAT):
        raise RecoveryError(f"{journal}: not a Curator recovery journal (its first line "
                            f"lacks \"format\": \"{FORMAT}\"); discard it")


def journal_info(journal: Path) -> JournalInfo:
    """What a journal holds, for the question whether to restore it; raises RecoveryError."""
    header, _ = _read(journal)
    return JournalInfo(Path(header.source) if header.source else None, header.saved_at,
                       header.rows)


def restore_journal(journal: Path) -> Dataset:
    """The dataset as it was when the journal was written; edited rows are marked edited.

    Raises :class:`RecoveryError`, and nothing else, for a journal that is damaged or that
    does not fit its source as it is now: rows are restored exactly or not at all.
    """
    header, entries = _read(journal)
    originals = _source_lines(journal, header) if any(e[0] == "keep" for e in entries) else []
    rows: list[Row] = []
    for number, entry in enumerate(entries, start=2):
        if entry[0] == "keep":
            _, first, last = entry
            if last > len(originals):
                raise _damaged(journal, number, f"it keeps lines {first}-{last} of "
                               f"{header.source}, which has {len(originals)} lines")
            rows.extend(Row.from_bytes(*originals[n - 1], n) for n in range(first, last + 1))
        else:
            row = Row.from_bytes(entry[1], entry[2].encode())
            row.edited = True
            rows.append(row)
    if len(rows) != header.rows:
        raise _damaged(journal, len(entries) + 1, f"its entries make {len(rows):,} rows where "
                       f"the header says {header.rows:,}: the journal is incomplete")
    return Dataset(rows, Path(header.source) if header.source else None, header.bom)


def _source_lines(journal: Path, header: Header) -> list[tuple[bytes, bytes]]:
    """The source's lines, after checking it is the file the journal was written against."""
    source = Path(header.source) if header.source else None
    if source is None or not source.exists():
        raise RecoveryError(f"{journal}: its source file {source} is gone; the unsaved "
                            "edits refer to its lines and cannot be rebuilt without it")
    if header.stamp is None:
        raise _damaged(journal, 1, f"it keeps lines of {source} but has no stamp (size, "
                       "modification time) to tell whether that file changed since")
    try:
        if tuple(_stamp(source)) != header.stamp:
            raise RecoveryError(f"{source} changed after the unsaved edits were recorded in "
                                f"{journal}; restoring them onto the new file could mix two "
                                "versions, so they were not applied")
        with source.open("rb") as stream:
            return [(line.data, line.eol) for line in LineReader(stream)]
    except OSError as exc:
        raise RecoveryError(f"{journal}: cannot read its source file {source} "
                            f"({exc.strerror or exc})") from exc


def remove_journal(journal: Path) -> None:
    journal.unlink(missing_ok=True)
