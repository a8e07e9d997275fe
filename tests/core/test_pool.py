"""The worker pool: workers do not outlive the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

SCRIPT = """
import os, sys, time
from curator.core.engine.pool import executor, fork_workers
if __name__ == "__main__":
    if sys.argv[1] == "fork":
        fork_workers()
    executor()
    print(os.getpid(), flush=True)
    time.sleep(120)
"""


@pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")
@pytest.mark.parametrize("start", ["spawn", "fork"])  # the app's workers, and curator-cli's
def test_workers_end_when_their_parent_is_killed(start: str) -> None:
    with subprocess.Popen([sys.executable, "-c", SCRIPT, start], stdout=subprocess.PIPE,
                          text=True) as parent:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        workers = [p for p in psutil.Process(pid).children()
                   if "resource_tracker" not in " ".join(p.cmdline())]
        assert len(workers) >= 2
        os.kill(pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 5
    while any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers):
        assert time.monotonic() < deadline, "a worker outlived its parent"
        time.sleep(0.1)


def test_shutdown_ends_the_workers_and_the_next_use_starts_new_ones() -> None:
    from curator.core.engine.pool import executor, stop_workers

    def workers() -> list[psutil.Process]:
        return [p for p in psutil.Process().children()
                if "resource_tracker" not in " ".join(p.cmdline())]

    stop_workers()  # a pool an earlier test left running
    before = {p.pid for p in workers()}
    executor()
    started = [p for p in workers() if p.pid not in before]
    assert len(started) >= 2
    stop_workers()
    deadline = time.monotonic() + 5
    while any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in started):
        assert time.monotonic() < deadline, "a worker outlived stop_workers()"
        time.sleep(0.05)
    assert executor().submit(abs, -3).result() == 3  # a new pool
    stop_workers()


@pytest.mark.skipif(os.name != "posix", reason="niceness is POSIX's")
def test_background_workers_run_below_the_app() -> None:
    """The app's workers yield the cores to its GUI thread (nice), the CLI's do not."""
    script = """
import sys, time
import psutil
from curator.core.engine.pool import background_workers, executor, stop_workers
if __name__ == "__main__":
    if sys.argv[1] == "background":
        background_workers()
    executor()
    me = psutil.Process()
    deadline = time.monotonic() + 20  # a worker started last may not have run its start-up
    while True:
        workers = [p.nice() for p in me.children()
                   if "resource_tracker" not in " ".join(p.cmdline())]
        if len(set(workers)) == 1 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    print(me.nice(), *workers)
    stop_workers()
"""
    from curator.core.engine.pool import BACKGROUND_NICE

    def nice(mode: str) -> list[int]:
        out = subprocess.run([sys.executable, "-c", script, mode], capture_output=True,
                             text=True, check=True, timeout=120).stdout
        return [int(n) for n in out.split()]

    app, *workers = nice("background")
    assert len(workers) >= 2
    assert all(n == min(19, app + BACKGROUND_NICE) for n in workers)
    cli, *workers = nice("cli")
    assert len(workers) >= 2
    assert all(n == cli for n in workers)
