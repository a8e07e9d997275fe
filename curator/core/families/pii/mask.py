"""Masking: each sensitive value replaced by a numbered placeholder of its kind.

``[EMAIL_1]`` is the first email address of the file, ``[EMAIL_2]`` the second distinct
one; the same address is ``[EMAIL_1]`` wherever it appears. Numbers are given in file order
(line, then field, then position), after any placeholder the file already holds, so they do
not depend on how the file was cut into chunks and never collide with an earlier masking.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from curator.core.families.pii.hits import KINDS, PLACEHOLDERS

STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def digest(kind: str, value: str) -> bytes:
    """A value's identity without the value (conclusions keep no secrets)."""
    return hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).digest()


@dataclass(frozen=True, slots=True)
class Span:
    """A sensitive value at a place in an example: ``path`` (``messages[2].content``), the
    offsets in that text, its kind and its identity."""

    path: str
    start: int
    end: int
    kind: str
    identity: bytes


@dataclass
class Book:
    """Placeholder numbers: one per distinct value of a kind, counting on from ``taken``."""

    taken: dict[str, int] = field(default_factory=dict)  # highest number used, by kind
    numbers: dict[tuple[str, bytes], int] = field(default_factory=dict)

    def placeholder(self, kind: str, identity: bytes) -> str:
        key = (kind, identity)
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = self.taken.get(kind, 0) + 1
            self.taken[kind] = number
        return f"[{PLACEHOLDERS[kind]}_{number}]"

    def note(self, spans: Iterable[Span]) -> None:
        """Number these spans' values now (in order), as a file's masking does."""
        for span in spans:
            self.placeholder(span.kind, span.identity)


def _steps(path: str) -> list[str | int]:
    return [int(m.group(1)) if m.group(1) else m.group(2) for m in STEP.finditer(path)]


def text_at(value: Any, path: str) -> str | None:
    """The string at ``path`` in an example, or None."""
    node = value
    for step in _steps(path):
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
    return node if isinstance(node, str) else None


def _set_text(value: Any, path: str, text: str) -> None:
    *parents, last = _steps(path)
    node = value
    for step in parents:
        node = node[step]
    node[last] = text


def mask_value(value: dict[str, Any], spans: Iterable[Span], book: Book
               ) -> tuple[dict[str, Any], dict[str, int]]:
    """A copy of ``value`` with every span replaced by its placeholder, and the masks made
    by kind. Spans that no longer fit their text are skipped."""
    by_path: dict[str, list[Span]] = {}
    for span in spans:
        by_path.setdefault(span.path, []).append(span)
    if not by_path:
        return value, {}
    out = copy.deepcopy(value)
    counts: dict[str, int] = {}
    for path, found in by_path.items():
        text = text_at(out, path)
        if text is None:
            continue
        pieces, at = [], 0
        for span in sorted(found, key=lambda s: s.start):
            if span.start < at or span.end > len(text):
                continue
            pieces += [text[at:span.start], book.placeholder(span.kind, span.identity)]
            at = span.end
            counts[span.kind] = counts.get(span.kind, 0) + 1
        _set_text(out, path, "".join(pieces) + text[at:])
    return out, {k: counts[k] for k in KINDS if k in counts}
