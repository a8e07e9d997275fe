"""Issue 15, item 9: a damaged recovery journal raises RecoveryError, and nothing else.

Each journal below is valid JSON line by line but wrong in one way: types, missing keys,
line numbers out of range, bad base64, a wrong line ending, a header that does not match
its entries. None may raise IndexError, KeyError, TypeError... and none may restore rows
other than the ones recorded.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.recovery import (
    FORMAT,
    RecoveryError,
    journal_info,
    restore_journal,
    write_journal,
)
from curator.core.model.dataset import Dataset, Row

SOURCE = b'{"a": 1}\n{"a": 2}\n{"a": 3}\n'
ROW = base64.b64encode(b'{"edited": true}').decode()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_bytes(SOURCE)
    return path


def _header(path: Path, **changes: Any) -> dict[str, Any]:
    stat = path.stat()
    header = {"format": FORMAT, "source": str(path), "stamp": [stat.st_size, stat.st_mtime_ns],
              "bom": False, "rows": 4, "saved_at": 12.5}
    header.update(changes)
    return {k: v for k, v in header.items() if v is not _DROP}


_DROP = object()
GOOD_ENTRIES: list[Any] = [["keep", 1, 2], ["row", ROW, "\n"], ["keep", 3, 3]]

# (id, header changes, entries, what the message must say)
CASES: list[tuple[str, dict[str, Any], list[Any], str]] = [
    ("rows-missing", {"rows": _DROP}, GOOD_ENTRIES, "rows: Field required"),
    ("rows-a-string", {"rows": "4"}, GOOD_ENTRIES, "rows: Input should be a valid integer"),
    ("rows-a-boolean", {"rows": True}, GOOD_ENTRIES, "rows: Input should be a valid integer"),
    ("rows-negative", {"rows": -1}, GOOD_ENTRIES, "rows: Input should be greater than"),
    ("saved-at-a-string", {"saved_at": "yesterday"}, GOOD_ENTRIES, "saved_at"),
    ("source-a-number", {"source": 5}, GOOD_ENTRIES, "source"),
    ("stamp-one-number", {"stamp": [3]}, GOOD_ENTRIES, "stamp"),
    ("bom-a-string", {"bom": "no"}, GOOD_ENTRIES, "bom"),
    ("entry-an-object", {}, [{"keep": [1, 3]}], 'an entry is ["keep", FIRST, LAST]'),
    ("entry-unknown-kind", {}, [["drop", 1, 3]], 'an entry is ["keep", FIRST, LAST]'),
    ("keep-zero", {}, [["keep", 0, 0], *GOOD_ENTRIES], "first line: Input should be greater"),
    ("keep-negative", {}, [["keep", -2, -1], *GOOD_ENTRIES], "first line"),
    ("keep-reversed", {"rows": 2}, [["keep", 3, 2]], "the run of lines 3-2 is reversed"),
    ("keep-past-the-end", {"rows": 5}, [["keep", 1, 5]], "which has 3 lines"),
    ("keep-a-float", {}, [["keep", 1.0, 2.0], ["row", ROW, "\n"], ["keep", 3, 3]],
     "first line: Input should be a valid integer"),
    ("keep-booleans", {"rows": 1}, [["keep", True, True]], "first line"),
    ("keep-too-short", {}, [["keep", 1]], "last line: Field required"),
    ("row-bad-base64", {}, [["keep", 1, 2], ["row", "not base64!", "\n"], ["keep", 3, 3]],
     "not valid base64"),
    ("row-not-a-string", {}, [["keep", 1, 2], ["row", 5, "\n"], ["keep", 3, 3]],
     "the row's bytes (base64): must be a string of base64"),
    ("row-bad-eol", {}, [["keep", 1, 2], ["row", ROW, "\r"], ["keep", 3, 3]],
     "its line ending: Input should be"),
    ("row-with-a-line-break", {},
     [["keep", 1, 2], ["row", base64.b64encode(b'{"a": 1}\n{"b": 2}').decode(), "\n"],
      ["keep", 3, 3]], "holds a line break"),
    ("rows-fewer-than-the-header", {"rows": 9}, GOOD_ENTRIES, "the journal is incomplete"),
    ("keep-without-stamp", {"stamp": None}, GOOD_ENTRIES, "has no stamp"),
]


def _write(path: Path, header: Any, entries: list[Any]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in [header, *entries]))
    return path


def test_the_good_journal_restores(source: Path, tmp_path: Path) -> None:
    journal = _write(tmp_path / "good.journal", _header(source), GOOD_ENTRIES)
    restored = restore_journal(journal)
    assert b"".join(restored.iter_bytes()) == b'{"a": 1}\n{"a": 2}\n{"edited": true}\n{"a": 3}\n'
    assert journal_info(journal).rows == 4


@pytest.mark.parametrize(("header", "entries", "says"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_a_damaged_journal_raises_only_recovery_error(
        source: Path, tmp_path: Path, header: dict[str, Any], entries: list[Any],
        says: str) -> None:
    journal = _write(tmp_path / "bad.journal", _header(source, **header), entries)
    with pytest.raises(RecoveryError) as caught:
        restore_journal(journal)
    message = str(caught.value)
    assert says in message
    assert str(journal) in message  # where
    assert source.read_bytes() == SOURCE  # the source is only read


@pytest.mark.parametrize("first", [b"[1, 2]", b'"curator"', b'{"format": "curator-recovery/9"}',
                                   b"", b"not json"])
def test_a_journal_that_is_not_one_is_refused_by_info_and_restore(
        tmp_path: Path, first: bytes) -> None:
    journal = tmp_path / "x.journal"
    journal.write_bytes(first + b"\n" if first else b"")
    for call in (journal_info, restore_journal):
        with pytest.raises(RecoveryError, match="journal"):
            call(journal)


def test_journal_info_checks_the_header_types(source: Path, tmp_path: Path) -> None:
    journal = _write(tmp_path / "x.journal", _header(source, saved_at=[1], rows="many"),
                     GOOD_ENTRIES)
    with pytest.raises(RecoveryError, match=r"rows: .*saved_at: "):
        journal_info(journal)


def test_a_journal_of_every_edit_kind_round_trips(source: Path, tmp_path: Path) -> None:
    dataset = Dataset.open(source)
    dataset.set_raw(1, b'{"broken": ')
    dataset.insert(0, Row.from_value({"new": True}))
    dataset.remove(3)
    dataset.rows[-1].eol = b""
    journal = tmp_path / "edits.journal"
    write_journal(journal, dataset, 1.0)
    restored = restore_journal(journal)
    assert list(restored.iter_bytes()) == list(dataset.iter_bytes())
