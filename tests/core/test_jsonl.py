from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.model.jsonl import BLANK, LineReader, iter_lines, parse_line, write_atomic


def _lines(data: bytes, chunk: int = 7) -> list[tuple[int, bytes, bytes]]:
    reader = LineReader(io.BytesIO(data), chunk_size=chunk)
    return [(line.number, line.data, line.eol) for line in reader]


def test_lines_keep_numbers_terminators_and_a_missing_last_newline() -> None:
    data = b'{"a": 1}\r\n\n{"b": 2}\n{"c": 3}'
    assert _lines(data) == [
        (1, b'{"a": 1}', b"\r\n"),
        (2, b"", b"\n"),
        (3, b'{"b": 2}', b"\n"),
        (4, b'{"c": 3}', b""),
    ]


def test_bom_is_dropped_from_the_first_line_and_reported() -> None:
    reader = LineReader(io.BytesIO(b'\xef\xbb\xbf{"a": 1}\n'), chunk_size=2)
    assert [line.data for line in reader] == [b'{"a": 1}']
    assert reader.bom


@settings(max_examples=300)
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=64))
def test_any_bytes_round_trip_exactly_through_the_reader(data: bytes, chunk: int) -> None:
    reader = LineReader(io.BytesIO(data), chunk_size=chunk)
    lines = list(reader)
    rebuilt = (b"\xef\xbb\xbf" if reader.bom else b"") + b"".join(
        line.data + line.eol for line in lines
    )
    assert rebuilt == data
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))


def test_parse_line_reports_invalid_utf8_with_its_byte_offset() -> None:
    value, error = parse_line(b'{"content": "caf\xe9"}')
    assert value is None and error is not None
    assert error.kind == "utf8"
    assert "byte 0xe9 at byte offset 16" in error.message
    assert error.column == 17


def test_parse_line_reports_the_column_of_a_json_error() -> None:
    _, error = parse_line(b'{"a": 1,}')
    assert error is not None and error.kind == "json"
    assert error.column == 8
    assert "trailing comma" in error.message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"[1, 2]", "not-object"),
        (b"null", "not-object"),
        (b"[" * 3000 + b"]" * 3000, "depth"),
        (b"NaN", "json"),
        (b"{} {}", "json"),
    ],
)
def test_parse_line_classifies_what_is_not_an_object(data: bytes, kind: str) -> None:
    value, error = parse_line(data)
    assert value is None
    assert error is not None and error.kind == kind


def test_blank_and_whitespace_lines_are_blank_not_errors() -> None:
    assert parse_line(b"")[1] is BLANK
    assert parse_line(b" \t\r")[1] is BLANK


def test_very_long_lines_parse() -> None:
    text = "x" * 5_000_000
    value, error = parse_line(b'{"t": "' + text.encode() + b'"}')
    assert error is None and value == {"t": text}


def test_iter_lines_streams_a_file(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"a\nb\n")
    assert [line.data for line in iter_lines(path)] == [b"a", b"b"]


def test_write_atomic_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    write_atomic(path, [b"new", b"\n"])
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_write_atomic_leaves_the_original_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"precious\n")

    def chunks() -> object:
        yield b"partial"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(path, chunks())  # type: ignore[arg-type]
    assert path.read_bytes() == b"precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
