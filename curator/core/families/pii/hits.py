"""What a detector reports (a :class:`Hit`), and how a value is shown without showing it."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass

KINDS = ("secret", "email", "phone", "card", "iban", "ip")
PLACEHOLDERS = {"secret": "SECRET", "email": "EMAIL", "phone": "PHONE", "card": "CARD",
                "iban": "IBAN", "ip": "IP"}
# the order in which overlapping hits win: the most specific check first (a card number, an
# IBAN or an IP address is not also a phone number)
PRIORITY = {kind: i for i, kind in enumerate(("secret", "email", "iban", "card", "ip",
                                              "phone"))}


@dataclass(frozen=True, slots=True)
class Hit:
    """One sensitive value in one text: ``[start, end)`` of it, what it is (``label``, such
    as "an AWS access key"), its value normalised (the same card with or without spaces is
    one value) and how it is shown (the middle masked)."""

    kind: str
    start: int
    end: int
    label: str
    value: str
    shown: str


def entropy(text: str) -> float:
    """Shannon entropy in bits per character, over the characters ``text`` has (gitleaks'
    ``shannonEntropy``)."""
    if not text:
        return 0.0
    size = len(text)
    return -sum(n / size * math.log2(n / size) for n in Counter(text).values())


def middle_masked(text: str, keep: int = 4) -> str:
    """``sk-proj-abc…xyz`` -> ``sk-p…3xQ2``: at most ``keep`` characters each side, and at
    most a third of the value in all, so a short value shows less."""
    keep = min(keep, len(text) // 3)
    if keep <= 0:
        return "…"
    return f"{text[:keep]}…{text[-keep:]}"


class Taken:
    """Spans of a text already taken, none overlapping another, kept in order: whether a
    span is free is two neighbours' worth of looking (a text with 100,000 values would cost
    10^10 comparisons against a plain list)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self.starts, start)
        if at and self.ends[at - 1] > start:  # the one starting before reaches into it
            return False
        return at == len(self.starts) or self.starts[at] >= end

    def take(self, start: int, end: int) -> None:
        at = bisect.bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def resolve(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits reduced to one each (the kind earlier in :data:`KINDS` wins, then
    the longer), in text order."""
    ranked = sorted(hits, key=lambda h: (PRIORITY[h.kind], h.start - h.end, h.start))
    taken = Taken()
    kept: list[Hit] = []
    for hit in ranked:
        if taken.free(hit.start, hit.end):
            taken.take(hit.start, hit.end)
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
