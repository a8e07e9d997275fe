"""The pre-filter: which examples may hold anything, found for many examples at a time.

This is the hot path (every example of every file), so it is C string work: ``find`` and
``bytes.translate`` over a batch of :data:`BATCH` examples' texts joined, a regular
expression only where a cheap sign says to look. It works in two steps:

- loose signs over the whole batch: ``@`` (an email), a password word before ``:`` or
  ``=``, a placeholder an earlier masking wrote (``[EMAIL_3]``), and a *run*: 7 characters
  in a row that are digits, capitals or ``.-/()+:_=`` once lower-case letters are taken out
  (``(415) 867-5309``, ``sk-proj-4fQ…``, ``-----BEGIN``; ``Order #12345.`` leaves 6), or
  two spaced groups of digits (``+44 20 7946 0958``);
- for the examples with a run only, the finer signs, again as one batch: 7 digits joined by
  separators (a phone, a card, an IBAN), four dotted numbers or hex digits around colons (an
  IP address), a provider's key prefix or a key word starting an assignment (a secret).
  Technical text is full of runs (``DBUS_STARTER_BUS_TYPE``, versions, paths) that are none
  of these.

An example kept is then looked at field by field (:func:`signs` picks each field's
detectors).
"""

from __future__ import annotations

import bisect
import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from curator.core.families.pii.secrets import GENERIC, HINTS, KEYWORDS, NEEDLE_LIST, may_hold

EMAIL, NUMBERS, SECRETS, MARKS, IPS = 1, 2, 4, 8, 16
BATCH = 64  # examples looked at together

# Digits, capitals and the characters written inside numbers and keys become "0", spaces,
# "[" and the separator of examples stay, lower-case letters go, everything else is " ".
_SIGNS = (string.digits + string.ascii_uppercase + ".-/()+:_=").encode()
_SIGN_MAP = bytes(ord("0") if b in _SIGNS else b if b in b" [\x00" else ord(" ")
                  for b in range(256))
_LOWER = string.ascii_lowercase.encode()
_RUN, _GROUPS, _MARK = b"0000000", b"00 00", b"[00"
# For numbers (phones, cards, IBANs): digits become "0", the characters written between
# their groups go, everything else is " ": 7 digits in a row is the sign (a phone has 7 or
# more, a card 13 or more, every IBAN a run of 7 or more between its letters).
_DIGIT_MAP = bytes(ord("0") if chr(b).isdigit() and b < 128 else 0 if b == 0 else ord(" ")
                   for b in range(256))
_DIGIT_GAPS, _DIGITS = b" .-/()+", b"0000000"
# For IP addresses: digits "0" and "." kept (IPv4: a digit, a dot, a digit, and 3 dots in
# all); hex digits "h" and ":" kept (IPv6: two colons between hex digits, or "::").
_DOT_MAP = bytes(ord("0") if chr(b).isdigit() and b < 128 else b if b in b".\x00" else ord(" ")
                 for b in range(256))
_HEX_MAP = bytes(ord("h") if chr(b) in string.hexdigits else b if b in b":\x00" else ord(" ")
                 for b in range(256))
PASSWORD = re.compile(  # starts with a class: ``re`` skips to each "p" or "P"
    r"[Pp](?:[Aa][Ss][Ss][Ww](?:[Oo][Rr])?[Dd]|[Ww][Dd])[\w.-]{0,20}[ \t]{0,3}[\"']?[ \t]{0,3}"
    r"(?:=|:|=>)")


def _residue(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").translate(_SIGN_MAP, _LOWER)


def signs(text: str, private_ips: bool = False) -> int:
    """Which detectors one text may interest (0: none)."""
    found = EMAIL if "@" in text else 0
    residue = _residue(text)
    run = residue.find(_RUN) >= 0
    if run or residue.find(_GROUPS) >= 0:
        data = text.encode("utf-8", "surrogatepass")
        if data.translate(_DIGIT_MAP, _DIGIT_GAPS).find(_DIGITS) >= 0:
            found |= NUMBERS
        if _ip_like(text, data):
            found |= IPS
        if run and may_hold(text):
            found |= SECRETS
    elif private_ips and "::" in text:
        found |= IPS
    if "ssw" in text and PASSWORD.search(text):
        found |= SECRETS
    if residue.find(_MARK) >= 0:
        found |= MARKS
    return found


def _ip_like(text: str, data: bytes) -> bool:
    if text.count(".") >= 3 and _DOTTED in _dotted(data):
        return True
    if text.count(":") < 2:
        return False
    hexed = data.translate(_HEX_MAP)
    return b"::" in hexed or hexed.count(b"h:h") >= 2


_DOTTED = b"0.0.0.0"  # four numbers joined by dots, once each run of digits is one "0"


def _dotted(data: bytes) -> bytes:
    dotted = data.translate(_DOT_MAP)
    while b"00" in dotted:
        dotted = dotted.replace(b"000", b"0").replace(b"00", b"0")
    return dotted


def _found(haystack: str | bytes, needle: str | bytes) -> Iterator[int]:
    """Where ``needle`` is in ``haystack``: one ``find`` from each to the next."""
    at = haystack.find(needle)  # type: ignore[arg-type]
    while at >= 0:
        yield at
        at = haystack.find(needle, at + len(needle))  # type: ignore[arg-type]


SEPARATOR = "\x00"  # between examples' texts in a batch


def flagged(texts: Sequence[str], examples: int, private_ips: bool = False) -> set[int]:
    """The examples with a sign, by index: ``texts`` are their texts, each example's
    followed by :data:`SEPARATOR`. An example is flagged whole if a text holds NUL."""
    text = "\n".join(texts)
    if text.count(SEPARATOR) != examples:  # a text holds NUL: no separator is safe
        return set(range(examples))
    ends = Ends(text)  # each example's end, in characters (found when first needed)
    out = _with(text, "@", ends)
    if "ssw" in text:
        out |= _at(ends(), (at for at in _found(text, "ssw")
                            if PASSWORD.search(text, max(0, at - 3), at + 40)))
    if private_ips:
        out |= _with(text, "::", ends)
    residue = _residue(text)
    byte_ends = Ends(residue)  # the same ends, in the residue's bytes
    out |= _with(residue, _MARK, byte_ends)
    runs = _with(residue, _RUN, byte_ends) | _with(residue, _GROUPS, byte_ends)
    candidates = sorted(runs - out)
    if candidates:  # their texts alone, as a batch of their own
        bounds = [0, *(end + 1 for end in ends())]
        sub = "".join(text[bounds[i]:bounds[i + 1]] for i in candidates)
        out.update(candidates[i] for i in _numbers_or_keys(sub, Ends(sub)))
    return out


class Ends:
    """Where each example of a batch ends in ``haystack`` (its separators), found once, on
    the first call: a batch where no needle is found never needs them."""

    def __init__(self, haystack: str | bytes) -> None:
        self.haystack = haystack
        self.found: list[int] | None = None

    def __call__(self) -> list[int]:
        if self.found is None:
            separator = SEPARATOR if isinstance(self.haystack, str) else b"\x00"
            self.found = list(_found(self.haystack, separator))
        return self.found


def _at(ends: list[int], positions: Iterable[int]) -> set[int]:
    """The examples (by index) the ``positions`` fall in, given each example's end."""
    return {bisect.bisect_left(ends, at) for at in positions}


def _with(haystack: bytes | str, needle: bytes | str, separators: Ends) -> set[int]:
    """The examples (by index) whose text holds ``needle``: at most one ``find`` each, the
    next one from the end of the example just found."""
    out: set[int] = set()
    at = haystack.find(needle)  # type: ignore[arg-type]
    if at < 0:
        return out
    ends = separators()
    while at >= 0:
        index = bisect.bisect_left(ends, at)
        out.add(index)
        if index >= len(ends):
            break
        at = haystack.find(needle, ends[index] + 1)  # type: ignore[arg-type]
    return out


def _numbers_or_keys(text: str, ends: Ends) -> set[int]:
    """Of a batch, the examples that may hold a number (7 digits in a row, an IP address)
    or a key (a provider's prefix or a key word): the finer signs of :func:`signs`, in a few
    passes over the whole batch (each pass's positions read against its own separators)."""
    data = text.encode("utf-8", "surrogatepass")
    out: set[int] = set()
    for residue, needle in ((data.translate(_DIGIT_MAP, _DIGIT_GAPS), _DIGITS),
                            (_dotted(data), _DOTTED)):
        out |= _with(residue, needle, Ends(residue))
    hexed = data.translate(_HEX_MAP)
    hex_ends = Ends(hexed)
    out |= _with(hexed, b"::", hex_ends)
    if b"h:h" in hexed:
        pairs = Counter(bisect.bisect_left(hex_ends(), at) for at in _found(hexed, b"h:h"))
        out |= {i for i, n in pairs.items() if n >= 2}
    for rule_needle in NEEDLE_LIST:
        out |= _with(text, rule_needle, ends)
    low = text.lower()
    if len(low) == len(text):
        return out | _at(ends(), _assigned(text, low))
    # lowering changed lengths somewhere (a few letters, such as "İ"): example by example
    for i in set(range(len(ends()))) - out:
        start = ends()[i - 1] + 1 if i else 0
        piece = text[start:ends()[i]]
        if any(_assigned(piece, piece.lower())):
            out.add(i)
    return out


def _assigned(text: str, low: str) -> Iterator[int]:
    """Where a key word starts an assignment of a value (the generic rule's start), found
    in ``low`` (``text`` lowered; by regex where lowering changed its length)."""
    if len(low) != len(text):
        yield from (m.start() for m in HINTS.finditer(text) if GENERIC.match(text, m.start()))
        return
    for word in KEYWORDS:
        yield from (at for at in _found(low, word) if GENERIC.match(text, at))
