"""What the Dask tests share: a file with planted problems of every family, and a real
scheduler with two workers started from the venv's ``dask`` command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from datagen.repeats import DEGENERATE
from tests.messy import messy_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "support_chats.jsonl"
EVAL_ANSWER = ("Everyone has the right to freedom of thought, conscience and religion; this "
               "right includes freedom to change his religion or belief.")
SECRET = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"
START_SECONDS = 60  # a scheduler and its workers start in a few seconds on a quiet machine


def _chat(question: str, reply: str) -> bytes:
    return orjson.dumps({"messages": [{"role": "user", "content": question},
                                      {"role": "assistant", "content": reply}]})


def planted_file(folder: Path) -> tuple[Path, Path]:
    """(the file, an evaluation set it overlaps): the messy file's defects (every code of
    json, schema, structure, duplicates, tokens, special tokens, tools), the messy sample's,
    and a secret, a phone number, degenerate replies and an evaluation answer."""
    data, _, _ = messy_file(valid=1200, seed=5)
    extra = [_chat("Here is my key, is it safe?", f"My token is {SECRET}"),
             _chat("Call me on +44 20 7123 4567 please.", "I will call you today."),
             *(_chat("Can you help me with this?", text) for text in DEGENERATE.values()),
             _chat("Which freedoms does article eighteen protect?", EVAL_ANSWER)]
    path = folder / "planted.jsonl"
    path.write_bytes(data + SAMPLE.read_bytes() + b"\n".join(extra) + b"\n")
    evals = folder / "evals.txt"
    evals.write_text(EVAL_ANSWER + "\n", encoding="utf-8")
    return path, evals


def _dask(*args: str, cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    command = Path(sys.executable).with_name("dask")
    with log.open("ab") as out:
        return subprocess.Popen([str(command), *args], cwd=cwd, stdout=out, stderr=out,
                                start_new_session=True)  # its own group: stopped whole


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _address(file: Path, processes: list[subprocess.Popen[bytes]], log: Path) -> str:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if file.exists() and file.stat().st_size:
            address: str = orjson.loads(file.read_bytes())["address"]
            return address
        if any(p.poll() is not None for p in processes):
            break
        time.sleep(0.1)
    raise RuntimeError(f"the dask scheduler did not start: {log.read_text(errors='replace')}")


@contextmanager
def scheduler_with_workers(folder: Path, workers: int = 2) -> Iterator[str]:
    """A `dask scheduler` on a free port of localhost and ``workers`` `dask worker`
    processes (one thread each, no dashboard), all stopped on the way out, even on failure.
    The workers run in another folder than this process: they are given absolute paths."""
    import distributed

    log, file, home = folder / "dask.log", folder / "scheduler.json", folder / "workers"
    home.mkdir(exist_ok=True)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(_dask("scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(file),
                               cwd=home, log=log))
        address = _address(file, processes, log)
        for _ in range(workers):
            processes.append(_dask("worker", address, "--nthreads", "1", "--no-dashboard",
                                   "--no-nanny", "--host", "127.0.0.1", cwd=home, log=log))
        with distributed.Client(address, timeout="10s") as client:
            client.wait_for_workers(workers, timeout=START_SECONDS)
        yield address
    finally:
        _stop(processes)
