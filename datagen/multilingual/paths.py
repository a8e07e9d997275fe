"""Where the OS text is read from and where the collected sentences are cached."""

from __future__ import annotations

import os
from pathlib import Path

StrPath = str | os.PathLike[str]

LOCALE_ROOT = Path("/usr/share/locale")
MAN_ROOT = Path("/usr/share/man")


def cache_dir() -> Path:
    """``$CURATOR_BENCH_CACHE``, else ``~/.cache/curator-bench``."""
    env = os.environ.get("CURATOR_BENCH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "curator-bench"
