"""A line far longer than any example is reported, not parsed, and the rest of the file is
still checked (issue 15: memory)."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.model.jsonl import LineReader, chunk_bounds
from datagen.synth import chat_lines


def test_a_line_over_the_limit_is_j007_and_the_rest_is_checked(tmp_path: Path) -> None:
    lines = list(chat_lines(30, seed=4))
    lines[10] = b'{"messages": [{"role": "user", "content": "' + b"a" * (3 << 20) + b'"}]}'
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = finish(validate_path(path, default_settings(max_line_bytes=1 << 20))).report
    codes = {(f.line, f.code) for f in report.findings}
    assert (11, "J007") in codes and report.examples == 30
    assert not any(line == 11 and code != "J007" for line, code in codes)
    message = next(f.message for f in report.findings if f.code == "J007")
    assert "3.0 MiB" in message and "--max-line-bytes" in message
    # the same limit from the command line; the default (64 MiB) reads the line
    result = CliRunner().invoke(cli, ["validate", "--max-line-bytes", "1048576", str(path)])
    assert "J007" in result.output
    assert "J007" not in CliRunner().invoke(cli, ["validate", str(path)]).output


def test_a_bad_limit_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"\n".join(chat_lines(3, seed=1)) + b"\n")
    result = CliRunner().invoke(cli, ["validate", "--max-line-bytes", "12", str(path)])
    assert result.exit_code == 2 and "--max-line-bytes" in result.output


def test_long_lines_are_read_in_linear_time() -> None:
    class Counting(io.BytesIO):
        copied = 0

        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            Counting.copied += len(data)
            return data

    data = b"x" * (16 << 20) + b"\nshort\n"
    lines = list(LineReader(Counting(data), chunk_size=1 << 16))
    assert [len(line.data) for line in lines] == [16 << 20, 5]
    assert Counting.copied == len(data)  # each byte read once


def test_chunk_bounds_step_over_a_long_line(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    data = b"a\n" + b"x" * (5 << 20) + b"\nb\nc\n"
    path.write_bytes(data)
    bounds = chunk_bounds(path, len(data), chunk=1 << 16)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(data)
    assert all(data[end - 1:end] == b"\n" for _, end in bounds)
