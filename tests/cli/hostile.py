"""Helpers of the hostile-input tests (issue 15): run a command the way a person would and
check that it ended cleanly, and snapshot a folder to prove which files a command touched."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result

from curator.cli.main import cli
from datagen.synth import chat_lines

DOCUMENTED = {0, 1, 2}  # exit statuses of a command that ran as documented


def data(n: int = 12, seed: int = 3) -> bytes:
    """``n`` chat examples, the last one repeated (a cluster for dedup), one broken line."""
    lines = list(chat_lines(n, seed=seed))
    return b"\n".join([*lines, lines[-1], b'{"messages": ']) + b"\n"


def clean(n: int = 40, seed: int = 5) -> bytes:
    """``n`` valid, distinct chat examples (no error finding)."""
    return b"\n".join(chat_lines(n, seed=seed)) + b"\n"


def run(*args: str, statuses: set[int] = DOCUMENTED) -> Result:
    """Invoke curator-cli in this process; it must end with a documented status and no
    traceback, whatever went wrong."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output, result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in statuses, (result.exit_code, result.output)
    return result


def snapshot(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` (hidden ones too) by relative path, with its
    sha256 and mode; FIFOs and devices by kind."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(folder))] = f"{digest} {oct(info.st_mode)}"
        elif not stat.S_ISDIR(info.st_mode):
            out[str(path.relative_to(folder))] = f"{stat.filemode(info.st_mode)[0]} " + (
                str(path.readlink()) if stat.S_ISLNK(info.st_mode) else "")
    return out


def cache_inputs() -> list[str]:
    """What the cache folder holds of copied pipes (it must be empty after every run)."""
    folder = Path(os.environ["CURATOR_CACHE_DIR"]) / "inputs"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


class Fifo:
    """A named FIFO that a thread feeds ``payload`` to once, as a shell's writer would.

    A command that opened the FIFO a second time would wait for ever for a writer (issue 15,
    item 10): a rescuer then opens it for writing and closes it at once, so the test ends
    (the second read sees nothing, and the test's assertions on the report fail instead).
    """

    def __init__(self, path: Path, payload: bytes) -> None:
        self.path = path
        self.payload = payload
        self._done = threading.Event()
        self._stop = threading.Event()
        os.mkfifo(path)

    def _feed(self) -> None:
        with contextlib.suppress(BrokenPipeError), self.path.open("wb") as out:
            out.write(self.payload)
        self._done.set()
        while not self._stop.wait(0.5):  # rescue a reader waiting for a second writer
            try:
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: nobody is waiting to read
                    raise

    @contextlib.contextmanager
    def feeding(self) -> Iterator[Fifo]:
        thread = threading.Thread(target=self._feed, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            while not self._done.wait(0.05):  # the command never read it: end the writer
                with contextlib.suppress(OSError):
                    os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))
            self._stop.set()
            thread.join(timeout=10)
