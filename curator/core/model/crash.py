"""Crash reports: what went wrong inside Curator, written to the user's cache folder.

An internal error (an exception nothing expected) ends a command with a short message and
exit status 3, and the app's background task with a short failure; the traceback, the
command line and the versions go to ``cache_dir()/crashes/``, the one place besides the
named outputs that Curator writes, for a bug report.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from curator import __version__
from curator.core.model.cache import cache_dir

LIBRARIES = ("click", "orjson", "pydantic", "numpy", "pandas", "tiktoken", "PySide6-Essentials")


def describe(error: BaseException) -> str:
    """``ZeroDivisionError: division by zero``: the exception in one line."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def write_crash_report(error: BaseException, argv: Sequence[str] | None = None,
                       where: str = "curator-cli") -> Path | None:
    """Write the report of ``error`` (raised in ``where``); returns its file, or None when
    the cache folder cannot be written (the report is then not kept)."""
    folder = cache_dir() / "crashes"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-{os.getpid()}-", suffix=".txt",
                                    dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.write(_report(error, sys.argv if argv is None else argv, where))
    except OSError:
        return None
    return Path(name)


def _report(error: BaseException, argv: Sequence[str], where: str) -> str:
    lines = [f"Curator crash report ({where})", f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
             f"error: {describe(error)}", "command line: " + " ".join(map(repr, argv)),
             f"curator: {__version__}", f"python: {sys.version.split()[0]} "
             f"({platform.python_implementation()})", f"platform: {platform.platform()}"]
    for name in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            lines.append(f"{name}: {metadata.version(name)}")
    lines += ["", "".join(traceback.format_exception(error))]
    return "\n".join(lines)
