"""Issue 15, item 18: Ctrl-C and internal errors.

Ctrl-C ends a command with exit status 130 within a second, also while worker processes are
busy (they ignore it; the parent stops them), with no traceback and no worker left. An
unexpected exception is an internal error: one short line on stderr naming it, a crash report
(traceback, command line, versions) in the cache folder's ``crashes/``, exit status 3.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from curator.cli import codes_cmd, validate, verify_cmd
from datagen.synth import write_chat_file
from tests.cli.hostile import clean, run

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="signals to a process group")


def _crashes() -> list[Path]:
    folder = Path(os.environ["CURATOR_CACHE_DIR"]) / "crashes"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _busy_workers(process: psutil.Process, deadline: float) -> list[psutil.Process]:
    """The worker processes of ``process`` once at least one is checking a chunk."""
    while time.monotonic() < deadline:
        workers = process.children(recursive=True)
        if workers and any(w.cpu_percent(interval=0.3) > 10 for w in workers):
            return workers
    raise AssertionError("the workers never got busy")


@POSIX_ONLY
@pytest.mark.slow
def test_ctrl_c_while_workers_are_busy_exits_130_within_a_second(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    write_chat_file(str(big), 25_000, seed=8)
    # a terminal's Ctrl-C goes to the whole foreground process group: workers included
    child = subprocess.Popen([sys.executable, "-m", "curator.cli.main", "validate",
                              "--workers", "2", str(big)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True,
                             env={**os.environ, "CI": "1"})
    try:
        workers = _busy_workers(psutil.Process(child.pid), time.monotonic() + 240)
        time.sleep(0.5)
        os.killpg(child.pid, signal.SIGINT)
        sent = time.monotonic()
        _, err = child.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert took < 1.0, f"took {took:.2f} s"
    assert err.decode().strip() == "curator-cli: interrupted"  # no traceback, any process
    time.sleep(0.5)
    alive = [w.pid for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    assert alive == []


@POSIX_ONLY
def test_ctrl_c_in_a_small_check_exits_130(tmp_path: Path) -> None:
    """Ctrl-C as a small file's check starts (before its worker, which checks the tokens
    family's side of it: overlap.py): the same status, at once."""
    script = ("import sys, os, signal, curator.cli.validate as v\n"
              "real = v.validate_path\n"
              "def check(*a, **k):\n"
              "    os.kill(os.getpid(), signal.SIGINT)\n"
              "    return (yield from real(*a, **k))\n"
              "v.validate_path = check\n"
              "from curator.cli.main import main\n"
              "sys.argv = ['curator-cli', *sys.argv[1:]]\n"
              "main()\n")
    (tmp_path / "in.jsonl").write_bytes(clean(30))
    done = subprocess.run([sys.executable, "-c", script, "validate", str(tmp_path / "in.jsonl")],
                          capture_output=True, timeout=300, check=False,
                          env={**os.environ, "CI": "1"})
    assert done.returncode == 130
    assert done.stderr.decode().strip() == "curator-cli: interrupted"


FORK_THEN_CTRL_C = """
import os, signal, sys
sent = []

def ctrl_c() -> None:  # a terminal's Ctrl-C to the process group, as a worker is forked
    if not sent:
        sent.append(1)
        own = signal.signal(signal.SIGINT, signal.SIG_IGN)  # this process: a moment later,
        os.killpg(0, signal.SIGINT)  # not inside this hook
        signal.signal(signal.SIGINT, own)
        signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGINT))
        signal.setitimer(signal.ITIMER_REAL, 0.02)

os.register_at_fork(after_in_parent=ctrl_c)
from curator.cli.main import main
sys.argv = ["curator-cli", *sys.argv[1:]]
main()
"""


@POSIX_ONLY
def test_ctrl_c_as_a_worker_is_forked_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """The worker gets the signal before it could ignore it: it holds it back and drops it
    (pool._starting), the parent stops."""
    (tmp_path / "in.jsonl").write_bytes(clean(30))
    child = subprocess.Popen([sys.executable, "-c", FORK_THEN_CTRL_C, "validate",
                              str(tmp_path / "in.jsonl")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True,
                             env={**os.environ, "CI": "1"})
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err.decode().strip() == "curator-cli: interrupted"  # no traceback, any process
    deadline = time.monotonic() + 5
    while subprocess.run(["pgrep", "-s", str(child.pid)], capture_output=True,
                         check=False).returncode == 0:  # none of its session left
        assert time.monotonic() < deadline, "a worker outlived Ctrl-C"
        time.sleep(0.1)


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise ZeroDivisionError("boom")


@pytest.mark.parametrize("module, name, args", [
    (validate, "validate_path", ["validate", "IN"]),
    (codes_cmd, "markdown_table", ["codes", "--markdown"]),
    (verify_cmd, "verify_manifest", ["verify", "IN"]),
])
def test_an_internal_error_is_a_short_message_a_report_and_status_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
        args: list[str]) -> None:
    (tmp_path / "in.jsonl").write_bytes(clean(5))
    before = _crashes()
    monkeypatch.setattr(module, name, _boom)
    argv = [str(tmp_path / "in.jsonl") if a == "IN" else a for a in args]
    result = run(*argv, statuses={3})
    (report,) = sorted(set(_crashes()) - set(before))
    assert result.stderr.splitlines() == [
        "curator-cli: internal error: ZeroDivisionError: boom; this is a bug in Curator: "
        f"please report it; the crash report {report} has the details"]
    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: boom" in text
    assert "in _boom\n    raise ZeroDivisionError(\"boom\")" in text
    for line in ("error: ZeroDivisionError: boom", "curator: ", "python: ", "platform: ",
                 "click: ", "command line: "):
        assert line in text


def test_an_internal_error_without_a_writable_cache_still_exits_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path / "file"))
    monkeypatch.setattr(verify_cmd, "verify_manifest", _boom)
    result = run("verify", "m.json", statuses={3})
    assert result.stderr.strip().endswith(
        "no crash report could be written (the cache folder is not writable)")


def test_an_internal_error_in_a_real_process(tmp_path: Path) -> None:
    """Through curator-cli's own entry point: status 3 and no traceback on stderr."""
    script = ("import sys, curator.cli.verify_cmd as v\n"
              "def boom(*a, **k):\n    raise KeyError('x')\n"
              "v.verify_manifest = boom\n"
              "from curator.cli.main import main\n"
              "sys.argv = ['curator-cli', *sys.argv[1:]]\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script, "verify", "m.json"],
                          capture_output=True, timeout=300, check=False, cwd=tmp_path,
                          env={**os.environ, "CI": "1"})
    assert done.returncode == 3
    assert b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"curator-cli: internal error: KeyError: 'x'; ")
