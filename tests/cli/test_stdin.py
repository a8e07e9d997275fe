"""`-` is standard input for every command that reads a file: piped or redirected from a
file, the same report as the file's; a terminal is refused; a redirected file is still
never an output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from curator.core.model.resources import resource_path

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))
CLI = [sys.executable, "-c", "from curator.cli.main import main; main()"]


def run(*args: str, stdin: object = None, data: bytes | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, *args], input=data, stdin=stdin,  # type: ignore[call-overload]
                          capture_output=True, cwd=cwd, timeout=120)


def test_a_pipe_and_a_redirect_give_the_files_report(tmp_path: Path) -> None:
    by_name = run("validate", str(SAMPLE)).stdout.decode()
    piped = run("validate", "-", data=SAMPLE.read_bytes())
    with SAMPLE.open("rb") as redirected:
        from_file = run("validate", "-", stdin=redirected)
    assert piped.returncode == from_file.returncode == 1
    expected = by_name.replace(str(SAMPLE), "-")
    assert piped.stdout.decode() == from_file.stdout.decode() == expected


def test_a_redirected_input_is_never_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_bytes(SAMPLE.read_bytes())
    with data.open("rb") as redirected:
        result = run("export", "-", "--to", "openai", "-o", str(data), stdin=redirected,
                     cwd=tmp_path)
    assert result.returncode == 2 and b"refusing to overwrite the input file" in result.stderr
    assert data.read_bytes() == SAMPLE.read_bytes()


def test_a_terminal_is_refused_at_once() -> None:
    import os

    leader, follower = os.openpty()
    try:
        result = run("validate", "-", stdin=follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 2
    assert b"standard input is a terminal" in result.stderr and b"Traceback" not in result.stderr
