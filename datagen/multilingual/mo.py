"""GNU gettext ``.mo`` catalogues, read with ``struct`` (both byte orders)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from datagen.multilingual.paths import StrPath

_BYTE_ORDER = {0x950412DE: "<", 0xDE120495: ">"}  # magic number as read little-endian
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def read_mo(path: StrPath) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of a GNU .mo file (header skipped).

    Context prefixes are removed; for plural entries the singular msgid and the first
    msgstr form are returned. Entries that do not decode in the header's charset are left
    out.
    """
    data = Path(path).read_bytes()
    if len(data) < 20:
        return []
    order = _BYTE_ORDER.get(struct.unpack("<I", data[:4])[0])
    if order is None:
        return []
    raw = _raw_entries(data, order)
    charset = _charset(raw)
    return [pair for mid, mstr in raw if (pair := _decode(mid, mstr, charset)) is not None]


def _raw_entries(data: bytes, order: str) -> list[tuple[bytes, bytes]]:
    _, n, o_off, t_off = struct.unpack(order + "4I", data[4:20])
    raw: list[tuple[bytes, bytes]] = []
    for i in range(n):
        ol, oo = struct.unpack_from(order + "2I", data, o_off + 8 * i)
        tl, to = struct.unpack_from(order + "2I", data, t_off + 8 * i)
        raw.append((data[oo:oo + ol], data[to:to + tl]))
    return raw


def _charset(raw: list[tuple[bytes, bytes]]) -> str:
    """The charset named by the header (the entry with an empty msgid); UTF-8 when there
    is none or Python does not know it."""
    charset = "utf-8"
    for mid, mstr in raw:
        if not mid:
            m = _CHARSET.search(mstr)
            if m:
                charset = m.group(1).decode("ascii", "replace")
            break
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    return charset


def _decode(mid: bytes, mstr: bytes, charset: str) -> tuple[str, str] | None:
    if not mid or not mstr:
        return None
    if b"\x04" in mid:  # msgctxt EOT msgid
        mid = mid.split(b"\x04", 1)[1]
    mid = mid.split(b"\x00", 1)[0]  # plural entries: singular msgid, first msgstr form
    mstr = mstr.split(b"\x00", 1)[0]
    try:
        return mid.decode(charset), mstr.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None
