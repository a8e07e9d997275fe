from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.model.dataset import Dataset, Row
from tests.messy import messy_file

json_lines = st.lists(
    st.one_of(
        st.dictionaries(st.text(max_size=5), st.text(max_size=20), max_size=3).map(
            lambda d: __import__("orjson").dumps(d)
        ),
        st.binary(max_size=30).filter(lambda b: b"\n" not in b),
    ),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(json_lines, st.sampled_from([b"\n", b"\r\n"]), st.booleans(), st.booleans())
def test_an_unchanged_file_saves_to_identical_bytes(
    tmp_path_factory: object, lines: list[bytes], eol: bytes, bom: bool, final_newline: bool
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + eol.join(lines)
    if final_newline and lines:
        data += eol
    folder = tmp_path_factory.mktemp("rt")  # type: ignore[attr-defined]
    source = folder / "in.jsonl"
    source.write_bytes(data)
    dataset = Dataset.open(source)
    assert not dataset.modified
    dataset.save(folder / "out.jsonl")
    assert (folder / "out.jsonl").read_bytes() == data


def test_messy_file_round_trips_and_keeps_invalid_lines(tmp_path: Path) -> None:
    data, errors, _ = messy_file()
    source = tmp_path / "messy.jsonl"
    source.write_bytes(data)
    dataset = Dataset.open(source)
    assert len(dataset) == data.count(b"\n")
    invalid = [i + 1 for i, row in enumerate(dataset) if row.error is not None]
    assert {line for line, code in errors.items() if code.startswith("J")} == set(invalid)
    dataset.save()
    assert source.read_bytes() == data


def test_editing_one_row_changes_only_that_line(tmp_path: Path) -> None:
    source = tmp_path / "f.jsonl"
    source.write_bytes(b'{"a":  1}\r\n{"b": 2}\r\n{"c" :3}\r\n')
    dataset = Dataset.open(source)
    dataset.set_value(1, {"b": "two"})
    assert dataset.modified and dataset.rows[1].edited
    dataset.save()
    assert source.read_bytes() == b'{"a":  1}\r\n{"b":"two"}\r\n{"c" :3}\r\n'
    assert not dataset.modified


def test_raw_edits_keep_invalid_text_and_undo_restores_the_row(tmp_path: Path) -> None:
    source = tmp_path / "f.jsonl"
    source.write_bytes(b'{"a": 1}\n{"b": 2}\n')
    dataset = Dataset.open(source)
    old = dataset.set_raw(0, b'{"a": ')
    assert dataset.rows[0].error is not None and dataset.rows[0].raw == b'{"a": '
    dataset.put_row(0, old)
    dataset.save()
    assert source.read_bytes() == b'{"a": 1}\n{"b": 2}\n'


def test_insert_and_remove_rows(tmp_path: Path) -> None:
    source = tmp_path / "f.jsonl"
    source.write_bytes(b'{"a": 1}\n{"b": 2}')
    dataset = Dataset.open(source)
    dataset.insert(2, Row.from_value({"c": 3}))
    removed = dataset.remove(0)
    assert removed.value == {"a": 1}
    dataset.save()
    assert source.read_bytes() == b'{"b": 2}\n{"c":3}\n'
