"""The user's cache folder: the one place besides the named outputs where Curator writes.

It holds decoded tokenizer ranks (so a run does not decode them again) and crash reports.
``CURATOR_CACHE_DIR`` points it elsewhere (tests do). Nothing in it is needed: a cache that
cannot be written or read is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

DIGEST = 32  # sha256 of the payload, first in every cached file


def cache_dir() -> Path:
    """The user's cache folder for Curator (platformdirs' convention per system)."""
    override = os.environ.get("CURATOR_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("curator", appauthor=False))


def read_cached(name: str) -> bytes | None:
    """The payload cached under ``name``, or None when it is missing or damaged (its sha256
    does not match)."""
    try:
        data = (cache_dir() / name).read_bytes()
    except OSError:
        return None
    digest, payload = data[:DIGEST], data[DIGEST:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def write_cached(name: str, payload: bytes) -> None:
    """Cache ``payload`` under ``name`` atomically; quietly nothing when it cannot be."""
    path = cache_dir() / name
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(hashlib.sha256(payload).digest() + payload)
            Path(temp).replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                Path(temp).unlink()


def cached_ranks(name: str, decode: Callable[[], dict[bytes, int]], keep: bool = True
                 ) -> dict[bytes, int]:
    """Token ranks cached under ``name`` (marshal, which reads a dict of bytes far faster
    than decoding the shipped file again); ``decode`` makes them on a miss, and they are
    cached when ``keep`` (ranks whose hash was checked)."""
    payload = read_cached(name)
    if payload is not None:
        with contextlib.suppress(ValueError, EOFError, TypeError):
            ranks = marshal.loads(payload)
            if isinstance(ranks, dict):
                return ranks
    ranks = decode()
    if keep:
        write_cached(name, marshal.dumps(ranks))
    return ranks
