"""The pre-filter: which examples may hold anything, and which detectors a text calls for.

This is the hot path (every text of every file), so it is one pass of a DFA per text: an
RE2 set (``google-re2``) of cheap signs, matched over the text's UTF-8 bytes read as Latin-1
(one byte, one character: every sign is ASCII, and a byte of a letter of another script is
simply not a sign). Measured on 20,000 technical multilingual examples: 0.13 s, against
1.05 s for the ``str.find`` and ``bytes.translate`` passes it replaced; with the signs
below, 680 of those examples are scanned where 3,406 were, and the findings are the same.
RE2's set matching never gives up on a text: past compilation its DFA cannot fail (it
flushes its state cache and goes on), so "no sign" is never a silent error.

The signs:

- loose: an address's ``x@host.tl`` (an email), a password word before ``:`` or ``=``, a
  placeholder an earlier masking wrote (``[EMAIL_3]``), and a *run*: 7 characters in a row
  that are digits, capitals or ``.-/()+:_=`` once lower-case ASCII letters are taken out
  (``(415) 867-5309``, ``sk-proj-4fQ…``, ``-----BEGIN``; ``Order #12345.`` leaves 6), or
  two spaced pairs of them (``+44 20 7946 0958``);
- finer, which count only beside a run or a spaced pair: 7 digits joined by separators (a
  phone, a card, an IBAN), four dotted numbers, ``::`` in a word of hex digits and colons
  or six colon-joined groups of hex digits (an IP address), a provider's key prefix or a key
  word starting an assignment (a secret). Technical text is full of runs
  (``DBUS_STARTER_BUS_TYPE``, versions, paths, ``std::string``) that are none of these.

Each sign is a superset of what its detectors find (``tests/core/test_pii_detect.py`` checks
it on the labelled corpus), so the pre-filter never hides a finding.

An example is flagged by :func:`flagged`; then each of its fields is looked at with the
detectors its own :func:`signs` call for.
"""

from __future__ import annotations

import re
from functools import cache

import re2

from curator.core.families.pii.hits import PLACEHOLDERS
from curator.core.families.pii.secrets import NEEDLE_LIST

EMAIL, NUMBERS, SECRETS, MARKS, IPS = 1, 2, 4, 8, 16

_SIGN = r"[0-9A-Z.\-/()+:_=]"  # what a run is made of; lower-case ASCII letters don't count
_GAP = r"[a-z]*"
_BREAK = r"[^0-9A-Z.\-/()+:_=a-z\[\x00]"  # one character that ends a run (a space, say)
_HEX = "[0-9A-Fa-f]"
_PATTERNS = {
    # an address's last character of the local part, "@", a domain with a dot (EMAIL's shape)
    "email": r"[A-Za-z0-9._%+\-]@[A-Za-z0-9][A-Za-z0-9.\-]*\.[A-Za-z][A-Za-z]",
    "password": r"[Pp](?:[Aa][Ss][Ss][Ww](?:[Oo][Rr])?[Dd]|[Ww][Dd])[\w.\-\x80-\xff]{0,80}"
                r"[ \t]{0,3}[\"']?[ \t]{0,3}(?:=|:|=>)",
    "mark": r"\[(?:{})_[0-9]+\]".format("|".join(PLACEHOLDERS.values())),  # [EMAIL_3]
    "run": _SIGN + rf"(?:{_GAP}{_SIGN}){{6}}",
    "pairs": rf"{_SIGN}{_GAP}{_SIGN}{_GAP}{_BREAK}{_GAP}{_SIGN}{_GAP}{_SIGN}",
    "digits": r"[0-9](?:[ .\-/()+]*[0-9]){6}",
    "dotted": r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+",
    # IPv6: "::" in a word of hex digits and colons (not C++'s std::string), or six groups
    # and a colon (every address written without "::")
    "colons": r"(?:^|[^\w:.])[0-9A-Fa-f:]*::",
    "groups": rf"{_HEX}{{1,4}}(?::{_HEX}{{1,4}}){{5}}:",
    "needle": "|".join(re.escape(needle) for needle in NEEDLE_LIST),
    "keyword": r"(?i)key|token|secret|passw|pwd|api|auth|cred|access",
    # gitleaks' generic rule (secrets.GENERIC) up to the first 10 characters of the value
    "assignment": r"(?i)(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|"
                  r"pwd|secret|token)[\w.-]{0,20}[ \t]{0,3}[\"']?[ \t]{0,3}"
                  r"(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[ \t]{0,3}[\x60'\"]?[ \t]{0,3}"
                  r"[\w.=+/~-]{10}",
}
_NAMES = tuple(_PATTERNS)
_BIT = {name: 1 << i for i, name in enumerate(_NAMES)}
_LOOSE = _BIT["run"] | _BIT["pairs"]
_ALWAYS = _BIT["email"] | _BIT["password"] | _BIT["mark"]
_FINE = _BIT["digits"] | _BIT["dotted"] | _BIT["colons"] | _BIT["groups"] | (
    _BIT["needle"] | _BIT["assignment"])
_IP = _BIT["dotted"] | _BIT["colons"] | _BIT["groups"]
_KEY = _BIT["needle"] | _BIT["keyword"]


@cache
def _set() -> re2.Set:
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.max_mem = 64 << 20
    found = re2.Set.SearchSet(options)
    for name in _NAMES:
        found.Add(_PATTERNS[name].encode())
    found.Compile()
    return found


def _found(text: str) -> int:
    """The signs in ``text``, one bit each (by :data:`_BIT`)."""
    bits = 0
    for index in _set().Match(text.encode("utf-8", "surrogatepass")) or ():
        bits |= 1 << index
    return bits


def signs(text: str, private_ips: bool = False) -> int:
    """Which detectors one text may interest (0: none)."""
    found = _found(text)
    out = EMAIL if found & _BIT["email"] else 0
    if found & _LOOSE:
        if found & _BIT["digits"]:
            out |= NUMBERS
        if found & _IP:
            out |= IPS
        if found & _BIT["run"] and found & _KEY:
            out |= SECRETS
    elif private_ips and found & _BIT["colons"]:
        out |= IPS
    if found & _BIT["password"]:
        out |= SECRETS
    if found & _BIT["mark"]:
        out |= MARKS
    return out


def flagged(text: str, private_ips: bool = False) -> bool:
    """Whether an example (its texts joined by newlines) may hold anything: every text a
    detector would find something in is flagged (its :func:`signs` are not 0), and most
    others are not."""
    found = _found(text)
    return bool(found & _ALWAYS or (found & _LOOSE and found & _FINE) or (
        private_ips and found & _BIT["colons"]))
