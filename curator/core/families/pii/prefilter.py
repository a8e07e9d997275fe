"""The pre-filter: which examples may hold anything, found for many examples at a time.

This is the hot path (every example of every file), so it is C string work and no regular
expression over the text. Examples are looked at in batches of :data:`BATCH`: their texts
joined, one ``bytes.translate`` pass, and a ``find`` from each sign to the next, so a clean
batch costs a handful of C calls whatever its size. Each detector needs a sign:

- an email needs ``@``;
- a phone, card, IBAN, IP address or a key needs 7 characters in a row that are digits,
  capitals or the characters written inside numbers and keys (``.-/()+:_=``) once
  lower-case letters are taken out: ``(415) 867-5309``, ``8.8.8.8``, ``DE89 3704``,
  ``sk-proj-4fQ…``, ``-----BEGIN``; prose leaves short runs (``Order #12345.`` leaves 6);
  a number written in spaced groups (``+44 20 7946 0958``) two groups with a space between;
- a short password needs a password word followed by ``:`` or ``=``;
- a placeholder an earlier masking wrote (``[EMAIL_3]``) leaves ``[`` and a run.

The signs are cheap and loose: an example with one is then looked at properly
(:func:`signs` for each of its texts, then the detectors the signs call for).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence

EMAIL, NUMBERS, SECRETS, MARKS = 1, 2, 4, 8
BATCH = 64  # examples looked at together

# Digits, capitals and the characters written inside numbers and keys become "0", spaces,
# "[" and the separator of examples stay, lower-case letters go, everything else is " ".
_SIGNS = (string.digits + string.ascii_uppercase + ".-/()+:_=").encode()
_SIGN_MAP = bytes(ord("0") if b in _SIGNS else b if b in b" [\x00" else ord(" ")
                  for b in range(256))
_LOWER = string.ascii_lowercase.encode()
_RUN, _GROUPS, _MARK = b"0000000", b"00 00", b"[00"
PASSWORD = re.compile(  # starts with a class: ``re`` skips to each "p" or "P"
    r"[Pp](?:[Aa][Ss][Ss][Ww](?:[Oo][Rr])?[Dd]|[Ww][Dd])[\w.-]{0,20}[ \t]{0,3}[\"']?[ \t]{0,3}"
    r"(?:=|:|=>)")


def _residue(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").translate(_SIGN_MAP, _LOWER)


def signs(text: str, private_ips: bool = False) -> int:
    """Which detectors one text may interest (0: none)."""
    found = EMAIL if "@" in text else 0
    residue = _residue(text)
    if residue.find(_RUN) >= 0:
        found |= NUMBERS | SECRETS
    elif residue.find(_GROUPS) >= 0 or (private_ips and "::" in text):
        found |= NUMBERS
    if "ssw" in text and PASSWORD.search(text):
        found |= SECRETS
    if residue.find(_MARK) >= 0:
        found |= MARKS
    return found


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
    out = {text.count(SEPARATOR, 0, at) for at in _found(text, "@")}
    out.update(text.count(SEPARATOR, 0, at) for at in _found(text, "ssw")
               if PASSWORD.search(text, max(0, at - 3), at + 40))
    if private_ips:
        out.update(text.count(SEPARATOR, 0, at) for at in _found(text, "::"))
    residue = _residue(text)
    for needle in (_RUN, _GROUPS, _MARK):
        out.update(residue.count(b"\x00", 0, at) for at in _found(residue, needle))
    return out
