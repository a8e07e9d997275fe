"""Recovery journals: unsaved edits survive a crash.

A journal describes the rows of a dataset as runs of untouched lines of the source file (by
line number) and the bytes of every edited or added row, so it stays small however large the
file. It names the source's size and modification time; a journal is only restored onto the
source it was written against. Journals are written atomically, like every file Curator writes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator.core.model.dataset import Dataset, Row
from curator.core.model.jsonl import LineReader, write_atomic

FORMAT = "curator-recovery/1"


class RecoveryError(ValueError):
    """A journal that cannot be restored, and why."""


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


def _read(journal: Path) -> tuple[dict[str, Any], list[Any]]:
    try:
        lines = journal.read_bytes().splitlines()
        header = orjson.loads(lines[0])
        entries = [orjson.loads(line) for line in lines[1:]]
    except (OSError, IndexError, orjson.JSONDecodeError) as exc:
        raise RecoveryError(f"{journal}: not a readable recovery journal ({exc})") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RecoveryError(f"{journal}: not a Curator recovery journal")
    return header, entries


def journal_info(journal: Path) -> JournalInfo:
    header, _ = _read(journal)
    source = header.get("source")
    return JournalInfo(Path(source) if source else None, float(header.get("saved_at", 0)),
                       int(header.get("rows", 0)))


def restore_journal(journal: Path) -> Dataset:
    """The dataset as it was when the journal was written; edited rows are marked edited."""
    header, entries = _read(journal)
    source = Path(header["source"]) if header.get("source") else None
    originals: list[tuple[bytes, bytes]] = []
    if any(entry[0] == "keep" for entry in entries):
        if source is None or not source.exists():
            raise RecoveryError(f"{journal}: its source file {source} is gone; the unsaved "
                                "edits refer to its lines and cannot be rebuilt without it")
        if _stamp(source) != header.get("stamp"):
            raise RecoveryError(f"{source} changed after the unsaved edits were recorded in "
                                f"{journal}; restoring them onto the new file could mix two "
                                "versions, so they were not applied")
        with source.open("rb") as stream:
            originals = [(line.data, line.eol) for line in LineReader(stream)]
    rows: list[Row] = []
    for entry in entries:
        if entry[0] == "keep":
            for number in range(entry[1], entry[2] + 1):
                data, eol = originals[number - 1]
                rows.append(Row.from_bytes(data, eol, number))
        else:
            row = Row.from_bytes(base64.b64decode(entry[1]), entry[2].encode())
            row.edited = True
            rows.append(row)
    return Dataset(rows, source, bool(header.get("bom")))


def remove_journal(journal: Path) -> None:
    journal.unlink(missing_ok=True)
