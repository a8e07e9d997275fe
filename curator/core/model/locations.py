"""Where the bytes of an input are: a local path, or a URL (``s3://bucket/data.jsonl``,
``gs://...``, ``file:///...``) that `fsspec <https://filesystem-spec.readthedocs.io>`_ reads.

A URL is read in byte ranges where the work is done: by the workers of a Dask cluster
(``curator-cli validate --dask``), each its own ranges, so the file never passes whole through
the machine that asks for the check; that machine reads only the first lines (to detect the
shape) and a few bytes around each cut between ranges. fsspec comes with Dask (the ``dask``
extra); a protocol other than ``file`` needs its own package (s3fs, gcsfs, adlfs...), on every
worker too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, BinaryIO, cast

Location = str | os.PathLike[str]  # a local path, or a URL as a str

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")  # two letters at least: not C:\ or C://
INSTALL = "pip install 'curator[dask]'"


class LocationError(OSError):
    """A URL that cannot be read here; the message says why and how to fix it."""


def is_url(location: Location) -> bool:
    """True for ``scheme://...`` given as a str (a Path is always local)."""
    return isinstance(location, str) and _URL.match(location) is not None


def _filesystem(url: str) -> tuple[Any, str]:
    """(fsspec's filesystem for ``url``, the path inside it)."""
    try:
        import fsspec.core
    except ImportError:
        raise LocationError(
            f"{url}: reading a URL needs fsspec, which is not installed here; install it "
            f"with {INSTALL} (it comes with Dask), or copy the file to a local path") from None
    try:
        filesystem, inner = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package missing
        raise LocationError(
            f"{url}: fsspec cannot read this URL ({exc}); install the package its protocol "
            "needs (s3fs for s3://, gcsfs for gs://, adlfs for az://...) here and on every "
            "worker, or copy the file to a local path") from None
    return filesystem, cast("str", inner)


def size_of(location: Location) -> int:
    """The size in bytes of a file or a URL's object."""
    if not is_url(location):
        return Path(location).stat().st_size
    filesystem, inner = _filesystem(cast("str", location))
    try:
        return int(filesystem.size(inner))
    except FileNotFoundError:
        raise LocationError(f"{location}: no such file at this URL; check it") from None


def open_binary(location: Location) -> BinaryIO:
    """The file or the URL's object, open for reading bytes (seekable)."""
    if not is_url(location):
        return Path(location).open("rb")
    filesystem, inner = _filesystem(cast("str", location))
    try:
        return cast("BinaryIO", filesystem.open(inner, "rb"))
    except FileNotFoundError:
        raise LocationError(f"{location}: no such file at this URL; check it") from None
