"""Groff escapes and macro arguments, turned into plain text (no ``groff`` needed)."""

from __future__ import annotations

import re

_GROFF_CHARS = {
    "lq": "\u201c", "rq": "\u201d", "oq": "\u2018", "cq": "\u2019", "aq": "'", "dq": '"',
    "em": "\u2014", "en": "\u2013", "hy": "-", "mi": "-", "bu": "\u2022", "co": "\u00a9",
    "rg": "\u00ae", "tm": "\u2122", "Fo": "\u00ab", "Fc": "\u00bb", "fo": "\u2039",
    "fc": "\u203a", "ga": "`", "ha": "^", "ti": "~", "dg": "\u2020", "de": "\u00b0",
    "mu": "\u00d7", "di": "\u00f7", "pl": "+", "eq": "=", "<=": "\u2264", ">=": "\u2265",
    "->": "\u2192", "<-": "\u2190", "sl": "/", "rs": "\\", "ba": "|", "br": "|",
    "R": "\u00ae", "Tm": "\u2122", "bq": "\u201e", "Bq": "\u201e", "ss": "\u00df",
    ":a": "\u00e4", ":o": "\u00f6", ":u": "\u00fc", ":A": "\u00c4", ":O": "\u00d6",
    ":U": "\u00dc", "'e": "\u00e9", "`e": "\u00e8", "^e": "\u00ea", "'a": "\u00e1",
    "`a": "\u00e0", "^a": "\u00e2", ",c": "\u00e7", "~n": "\u00f1", "'o": "\u00f3",
    "'i": "\u00ed", "'u": "\u00fa", "`u": "\u00f9", "^o": "\u00f4", "^i": "\u00ee",
    "%": "", "&": "", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "la": "\u27e8",
    "ra": "\u27e9", "ul": "_", "ru": "_", "at": "@", "sh": "#", "Do": "$", "ct": "\u00a2",
}
_UNICODE_NAME = re.compile(r"u([0-9A-Fa-f]{4,6})(?:_.*)?")
_STRINGS = {"lq": "\u201c", "rq": "\u201d", "R": "\u00ae", "Tm": "\u2122"}  # \*(xx
_SINGLE = {"-": "-", "e": "\\", "\\": "\\", "~": " ", " ": " ", "0": " ", "'": "'",
           "`": "`", ".": ".", "t": " ", "_": "_", '"': ""}
_ESC_RE = re.compile(
    r"""\\(?:
        (?P<comment>["\#].*$)
      | f(?:\[[^\]]*\]|\(..|.)
      | s(?:[+-]?\d|\([+-]?\d\d|\[[^\]]*\]|'[^']*')?\d?
      | \((?P<c2>..)
      | \[(?P<cn>[^\]]*)\]
      | \*(?:\((?P<s2>..)|\[(?P<sn>[^\]]*)\]|(?P<s1>.))
      | n[+-]?(?:\(..|\[[^\]]*\]|.)
      | [hvwlLDoXZbxSHRNCAB]'[^']*'
      | [mMkgFVY$](?:\(..|\[[^\]]*\]|.)
      | (?P<single>.)
    )""",
    re.X,
)
_COMMENT = re.compile(r'(?<!\\)\\".*$')


def groff_text(line: str) -> str:
    """Remove groff escapes from one line of text."""
    if "\\" not in line:
        return line
    return _ESC_RE.sub(_replace_escape, line)


def groff_text_keep_quotes(s: str) -> str:
    """Escapes that may hide quotes are handled by groff_text after argument splitting;
    here only comments are cut."""
    return _COMMENT.sub("", s)


def macro_args(s: str) -> list[str]:
    """The arguments of a macro call: split at blanks, "double quotes" group ("" inside
    quotes is a quote)."""
    args: list[str] = []
    i, n = 0, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            break
        if s[i] == '"':
            arg, i = _quoted_arg(s, i + 1)
        else:
            j = i
            while j < n and s[j] not in " \t":
                j += 1
            arg, i = s[i:j], j
        args.append(arg)
    return args


def _quoted_arg(s: str, i: int) -> tuple[str, int]:
    """The argument that starts after the opening quote at ``i - 1``, and where the scan
    goes on."""
    n = len(s)
    buf: list[str] = []
    while i < n:
        if s[i] == '"':
            if i + 1 < n and s[i + 1] == '"':
                buf.append('"')
                i += 2
                continue
            i += 1
            break
        buf.append(s[i])
        i += 1
    return "".join(buf), i


def _named_char(name: str) -> str:
    if name in _GROFF_CHARS:
        return _GROFF_CHARS[name]
    m = _UNICODE_NAME.fullmatch(name)
    if m:
        try:
            return chr(int(m.group(1), 16))
        except ValueError:
            return ""
    return ""


def _replace_escape(m: re.Match[str]) -> str:
    if m.group("comment") is not None:
        return ""
    if m.group("c2") is not None:
        return _named_char(m.group("c2"))
    if m.group("cn") is not None:
        return _named_char(m.group("cn").split()[0] if m.group("cn").strip() else "")
    s = m.group("s2") or m.group("sn") or m.group("s1")
    if s is not None:
        return _STRINGS.get(s, "")
    single = m.group("single")
    if single is not None:
        return _SINGLE.get(single, "")
    return ""
