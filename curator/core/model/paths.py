"""File names as JSON text and as URIs, whatever bytes the name holds.

On POSIX a file name is bytes; Python decodes the bytes that are not UTF-8 to lone
surrogates (``b"caf\\xe9.jsonl"`` becomes ``"caf\\udce9.jsonl"``), which JSON cannot hold:
orjson refuses them and any strict UTF-8 reader would too.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath
from urllib.parse import quote

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def path_text(path: str | os.PathLike[str] | bytes) -> str:
    """``path`` as valid Unicode text for JSON output (reports, manifests).

    Decision: ``os.fsdecode`` the name, then replace every lone surrogate (a byte that is not
    UTF-8) with U+FFFD, so the JSON stays valid UTF-8 and the run completes. The name is
    then readable but not byte-exact; :func:`uri_reference` keeps the exact bytes.
    """
    return _LONE_SURROGATE.sub("\ufffd", os.fsdecode(path))


def uri_reference(path: str | os.PathLike[str]) -> str:
    """``path`` as a percent-encoded URI reference (RFC 3986), as SARIF's ``uri`` wants.

    The POSIX form of the path, its exact bytes percent-encoded (spaces, ``#``, ``%``, ``:``,
    ``?`` and non-ASCII included); ``/`` stays the separator. A relative path gives a
    relative reference; an absolute one a path-absolute reference (``/tmp/a%20b.jsonl``).
    """
    return quote(os.fsencode(PurePath(path).as_posix()), safe="/")
