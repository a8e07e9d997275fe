"""Realistic multilingual chat datasets from real text that Debian ships offline.

Sources (read-only, nothing is downloaded):

* gettext catalogues ``/usr/share/locale/<locale>/LC_MESSAGES/*.mo``: the msgstr of every
  translated entry (the msgid for English);
* translated man pages ``/usr/share/man/<locale>/man?/*.gz`` and, for English,
  ``/usr/share/man/man{1,5,7,8}`` less gcloud's generated pages; groff markup is stripped
  by a small parser here (no ``groff``/``man`` needed).

Everything is deterministic: files are read in sorted order, sentences are de-duplicated
in first-seen order, and generation uses seeded ``random.Random``s. The collected
sentences are cached in ``~/.cache/curator-bench/`` (``$CURATOR_BENCH_CACHE`` overrides),
one file per language, keyed by a hash of the module version and the file list (path,
size, mtime), so a second run only reads the cache.

LICENCE WARNING: the text comes from GPL/LGPL/BSD/... programs and their translations.
Generated files are for local benchmarking only and must not be committed or shipped.
For fixtures that may be committed see :func:`udhr_samples` (gflanguages, Apache-2.0,
translations of the Universal Declaration of Human Rights) and
:func:`write_postgresql_fixture` (PostgreSQL's own catalogues, PostgreSQL Licence).

Main entry points: collect, labelled_examples, chat_examples, write_jsonl, labelled_texts.

Only the standard library is needed; ``orjson`` is used for speed when installed.

CLI::

    python multilingual.py OUT.jsonl N [--seed S] [--languages en,de,ja] [--labels FILE]
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import hashlib
import itertools
import json
import math
import os
import random
import re
import struct
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

try:  # optional speed-up
    import orjson

    _HAVE_ORJSON = True
except ImportError:  # pragma: no cover - exercised only without orjson
    _HAVE_ORJSON = False

StrPath = str | os.PathLike[str]
Message = dict[str, str]
Example = dict[str, list[Message]]

MODULE_VERSION = "1.1"

LOCALE_ROOT = Path("/usr/share/locale")
MAN_ROOT = Path("/usr/share/man")

# ISO 639-1 code -> (locale directories, expected script)
LANGUAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "en": ((), "Latin"),
    "de": (("de",), "Latin"),
    "fr": (("fr",), "Latin"),
    "es": (("es",), "Latin"),
    "it": (("it",), "Latin"),
    "pt": (("pt", "pt_BR"), "Latin"),
    "nl": (("nl",), "Latin"),
    "pl": (("pl",), "Latin"),
    "sv": (("sv",), "Latin"),
    "cs": (("cs",), "Latin"),
    "tr": (("tr",), "Latin"),
    "da": (("da",), "Latin"),
    "fi": (("fi",), "Latin"),
    "hu": (("hu",), "Latin"),
    "ro": (("ro",), "Latin"),
    "id": (("id",), "Latin"),
    "vi": (("vi",), "Latin"),
    "ca": (("ca",), "Latin"),
    "ru": (("ru",), "Cyrillic"),
    "uk": (("uk",), "Cyrillic"),
    "bg": (("bg",), "Cyrillic"),
    "sr": (("sr",), "Cyrillic"),
    "el": (("el",), "Greek"),
    "ar": (("ar",), "Arabic"),
    "fa": (("fa",), "Arabic"),
    "he": (("he",), "Hebrew"),
    "hi": (("hi",), "Devanagari"),
    "mr": (("mr",), "Devanagari"),
    "bn": (("bn", "bn_IN", "bn_BD"), "Bengali"),
    "ta": (("ta",), "Tamil"),
    "th": (("th",), "Thai"),
    "ka": (("ka",), "Georgian"),
    "ja": (("ja",), "Japanese"),
    "zh": (("zh_CN", "zh_Hans"), "Han"),
    "ko": (("ko",), "Hangul"),
}

DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "cs", "tr", "vi",
    "ru", "uk", "bg", "el", "ar", "fa", "he", "hi", "th", "ka", "ja", "zh", "ko",
)

# Relative share of examples per language (others 1.0): English-heavy like real data sets.
# A language with fewer than FULL_WEIGHT_SENTENCES sentences gets a proportionally smaller
# share, so that its few sentences are not repeated too often.
DEFAULT_WEIGHTS: dict[str, float] = {"en": 4.0}
FULL_WEIGHT_SENTENCES = 4000

# Catalogues whose translated strings are names (countries, languages, keyboards...)
_SKIP_CATALOGUES = re.compile(r"^(iso_|iso-|xkeyboard-config|tzdata|gtk20-properties)")
# Locale dirs whose msgids give the English text (msgids are the same for every language).
_EN_MSGID_DIRS = ("de", "fr", "es", "sv", "it", "ru", "uk", "ja", "pl", "pt_BR")
_EN_MAN_SECTIONS = ("man1", "man5", "man7", "man8")
# English man pages: one file in N (stable hash); gcloud's ~16,000 generated pages are left out
_EN_MAN_KEEP_ONE_IN = 1
_EN_MAN_SKIP = re.compile(r"^(gcloud|bq|gsutil)[._]")

# Approximate characters per o200k_base token, measured on the collected text (see REPORT).
CHARS_PER_TOKEN: dict[str, float] = {
    'en': 4.77, 'de': 4.23, 'fr': 4.23, 'es': 4.32, 'it': 3.99, 'pt': 4.21, 'nl': 4.28,
    'pl': 3.19, 'sv': 3.53, 'cs': 2.95, 'tr': 3.37, 'da': 3.47, 'fi': 3.03, 'hu': 2.84,
    'ro': 3.36, 'id': 4.18, 'vi': 3.33, 'ca': 3.44, 'ru': 3.88, 'uk': 3.07, 'bg': 2.98,
    'sr': 2.62, 'el': 2.8, 'ar': 3.06, 'fa': 2.98, 'he': 2.59, 'hi': 3.08, 'mr': 2.63,
    'bn': 2.81, 'ta': 2.97, 'th': 2.44, 'ka': 2.97, 'ja': 1.55, 'zh': 1.48, 'ko': 1.89,
}
_DEFAULT_CPT = 3.0

_SCRIPT_RANGES: dict[str, str] = {
    "Latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrillic": "\u0400-\u052f",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Devanagari": "\u0900-\u097f",
    "Bengali": "\u0980-\u09ff",
    "Tamil": "\u0b80-\u0bff",
    "Thai": "\u0e00-\u0e7f",
    "Georgian": "\u10a0-\u10ff\u2d00-\u2d2f",
    "Hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "Kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "Han": "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff",
}
_SCRIPT_RE = {k: re.compile(f"[{v}]") for k, v in _SCRIPT_RANGES.items()}
_NATIVE = {  # script -> character class counted as "native" letters
    "Japanese": re.compile(f"[{_SCRIPT_RANGES['Kana']}{_SCRIPT_RANGES['Han']}]"),
    "Hangul": re.compile(f"[{_SCRIPT_RANGES['Hangul']}{_SCRIPT_RANGES['Han']}]"),
}
_LATIN_RE = _SCRIPT_RE["Latin"]
_KANA_RE = _SCRIPT_RE["Kana"]
_NON_LATIN_SCRIPTS = frozenset(s for s in _SCRIPT_RANGES if s != "Latin") | {"Japanese"}


def script_of(lang: str) -> str:
    return LANGUAGES[lang][1]


def is_non_latin(lang: str) -> bool:
    return script_of(lang) != "Latin"


_NO_SPACE_LANGS = frozenset({"ja", "zh"})  # sentences are joined without a space

# --------------------------------------------------------------------------------------
# .mo catalogues


def read_mo(path: StrPath) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of a GNU .mo file (header skipped).

    Context prefixes are removed; for plural entries the singular msgid and the first
    msgstr form are returned.
    """
    data = Path(path).read_bytes()
    if len(data) < 20:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x950412DE:
        end = "<"
    elif magic == 0xDE120495:
        end = ">"
    else:
        return []
    _, n, o_off, t_off = struct.unpack(end + "4I", data[4:20])
    charset = "utf-8"
    out: list[tuple[str, str]] = []
    raw: list[tuple[bytes, bytes]] = []
    for i in range(n):
        ol, oo = struct.unpack_from(end + "2I", data, o_off + 8 * i)
        tl, to = struct.unpack_from(end + "2I", data, t_off + 8 * i)
        raw.append((data[oo:oo + ol], data[to:to + tl]))
    for mid, mstr in raw:
        if not mid:
            m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", mstr)
            if m:
                charset = m.group(1).decode("ascii", "replace")
            break
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    for mid, mstr in raw:
        if not mid or not mstr:
            continue
        if b"\x04" in mid:
            mid = mid.split(b"\x04", 1)[1]
        mid = mid.split(b"\x00", 1)[0]
        mstr = mstr.split(b"\x00", 1)[0]
        try:
            out.append((mid.decode(charset), mstr.decode(charset)))
        except (UnicodeDecodeError, LookupError):
            continue
    return out


# --------------------------------------------------------------------------------------
# groff (man) to text

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


def _named_char(name: str) -> str:
    if name in _GROFF_CHARS:
        return _GROFF_CHARS[name]
    m = re.fullmatch(r"u([0-9A-Fa-f]{4,6})(?:_.*)?", name)
    if m:
        try:
            return chr(int(m.group(1), 16))
        except ValueError:
            return ""
    return ""


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
_SINGLE = {"-": "-", "e": "\\", "\\": "\\", "~": " ", " ": " ", "0": " ", "'": "'",
           "`": "`", ".": ".", "t": " ", "_": "_", '"': ""}


def _esc_sub(m: re.Match[str]) -> str:
    if m.group("comment") is not None:
        return ""
    if m.group("c2") is not None:
        return _named_char(m.group("c2"))
    if m.group("cn") is not None:
        return _named_char(m.group("cn").split()[0] if m.group("cn").strip() else "")
    s = m.group("s2") or m.group("sn") or m.group("s1")
    if s is not None:
        return {"lq": "\u201c", "rq": "\u201d", "R": "\u00ae", "Tm": "\u2122"}.get(s, "")
    single = m.group("single")
    if single is not None:
        return _SINGLE.get(single, "")
    return ""


def groff_text(line: str) -> str:
    """Remove groff escapes from one line of text."""
    if "\\" not in line:
        return line
    return _ESC_RE.sub(_esc_sub, line)


def _macro_args(s: str) -> list[str]:
    args: list[str] = []
    i, n = 0, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            break
        if s[i] == '"':
            i += 1
            buf = []
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
            args.append("".join(buf))
        else:
            j = i
            while j < n and s[j] not in " \t":
                j += 1
            args.append(s[i:j])
            i = j
    return args


_CJK_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_BREAK_MACROS = frozenset(
    "PP LP P HP sp br RS RE IP TP TQ SH SS bp ne in ti ce Pp Sh Ss It Bl El Bd Ed".split()
)
_COND_RE = re.compile(r"""^[.']\s*(?:if|ie)\s+!?(?:'[^']*'[^']*'|"[^"]*"[^"]*"|\S+)\s*(.*)$"""
                      r"""|^[.']\s*el\s+(.*)$""")
_ALT_MACROS = frozenset("BI IB BR RB IR RI".split())
_FONT_MACROS = frozenset("B I SM SB".split())
_SKIP_BLOCK = {"de": "..", "de1": "..", "am": "..", "ig": "..", "TS": ".TE", "EQ": ".EN",
               "PS": ".PE", "nf": ".fi", "EX": ".EE", "Vb": ".Ve", "Bd": ".Ed", "SY": ".YS"}


def _join_lines(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) and _CJK_CHAR.match(p[0])):
            out += " "
        out += p
    return out


def man_paragraphs(src: str) -> list[str]:
    """Paragraphs of running text from a man(7) page source; no-fill blocks, tables,
    synopsis-like tags and macro definitions are dropped. mdoc pages give []."""
    head = src[:4000]
    if re.search(r"^\.Dd\b", head, re.M) or re.search(r"^\.Nm\b", head, re.M):
        return []
    paras: list[str] = []
    cur: list[str] = []
    skip_until: str | None = None
    tag_pending = False
    section = ""

    def flush() -> None:
        if cur:
            text = _join_lines(cur)
            if text:
                paras.append(text)
            cur.clear()

    for raw in src.splitlines():
        if skip_until is not None:
            if raw.startswith(skip_until) or raw.startswith("'" + skip_until[1:]):
                skip_until = None
            continue
        cm = _COND_RE.match(raw)
        if cm:  # .if COND .MACRO args / .if COND text: keep the body (po4a uses this)
            body = cm.group(1) if cm.group(1) is not None else cm.group(2)
            if not body or body.startswith("\\{"):
                continue
            raw = body
        if raw[:1] in (".", "'"):
            m = re.match(r"[.']\s*(\S*)\s*(.*)$", raw)
            name, rest = (m.group(1), m.group(2)) if m else ("", "")
            if not name or name.startswith('\\"') or name.startswith("\\#"):
                continue
            if name in _SKIP_BLOCK:
                flush()
                skip_until = _SKIP_BLOCK[name]
                continue
            if name in ("SH", "SS"):
                flush()
                section = groff_text(" ".join(_macro_args(rest))).strip().upper()
                tag_pending = False
                continue
            if name in ("TP", "TQ"):
                flush()
                tag_pending = True
                continue
            if name in _BREAK_MACROS:
                flush()
                continue
            if name in _FONT_MACROS or name in _ALT_MACROS:
                args = [groff_text(a) for a in _macro_args(groff_text_keep_quotes(rest))]
                text = ("" if name in _ALT_MACROS else " ").join(args)
                if tag_pending:
                    tag_pending = False
                    continue
                if text.strip():
                    cur.append(text)
                continue
            continue  # any other request or macro: ignored
        if tag_pending:
            tag_pending = False
            continue
        if section in ("SYNOPSIS", "ÜBERSICHT", "SYNOPSIS", "書式", "概要", "ОБЗОР",
                       "СИНТАКСИС", "ОГЛЯД", "SKŁADNIA", "SINOSSI", "SINOPSE", "SINOPSIS",
                       "SAMENVATTING", "SYNOPSE", "SYNTAX", "概述", "用法", "사용법",
                       "개요", "SÖZDİZİMİ"):
            continue
        text = groff_text(raw)
        if not text.strip():
            flush()
            continue
        cur.append(text)
    flush()
    return paras


def groff_text_keep_quotes(s: str) -> str:
    """Escapes that may hide quotes are handled by groff_text after argument splitting;
    here only comments are cut."""
    return re.sub(r'(?<!\\)\\".*$', "", s)


def read_man(path: StrPath) -> list[str]:
    p = Path(path)
    data = p.read_bytes()
    if p.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return []
    try:
        src = data.decode("utf-8")
    except UnicodeDecodeError:
        src = data.decode("latin-1")
    if src.startswith(".so ") and len(src) < 200:
        return []
    return man_paragraphs(src)


# --------------------------------------------------------------------------------------
# sentences and filters

_SENT_END = re.compile(
    "[.!?\u2026\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f]+"
    "[\"'\u00bb\u201d\u2019)\\]\u300d\u300f\uff09]*"
)
_CLOSERS = frozenset("\u00bb\u201d\u2019)]}\u300d\u300f\uff09,;:")
_ALWAYS_END = frozenset("\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f")
_ABBREV_END = re.compile(r"(?:^|\s)\w\.$|\b\w\.\w\.$")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph after . ! ? ... followed by a space (not after an abbreviation
    like "z. B." or "e.g.", nor before a lower-case letter), and after CJK, Devanagari and
    Arabic sentence marks."""
    text = paragraph.strip()
    n = len(text)
    out: list[str] = []
    last = 0
    for m in _SENT_END.finditer(text):
        e = m.end()
        punct = m.group()
        if any(ch in _ALWAYS_END for ch in punct):
            while e < n and text[e] == " ":
                e += 1
        else:
            if e >= n or not text[e].isspace():
                continue
            start = m.start()
            if punct[0] == "." and (start < 2 or text[start - 1].isspace()
                                    or text[start - 2].isspace() or text[start - 1] == "."):
                continue
            j = e
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j].islower() or text[j] in _CLOSERS):
                continue
            e = j
        if e >= n:
            break
        piece = text[last:e].strip()
        if piece:
            if out and _ABBREV_END.search(out[-1]):
                out[-1] += " " + piece
            else:
                out.append(piece)
        last = e
    piece = text[last:].strip()
    if piece:
        if out and _ABBREV_END.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?"
    r"[diouxXeEfFgGaAcspmnSC%]"
    r"|%\([A-Za-z_][A-Za-z0-9_]*\)[sdrf]"
    r"|%<[A-Za-z0-9_]+>"
    r"|\{[A-Za-z0-9_.:!]*\}"
    r"|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"
    r"|@[A-Za-z_]+@"
    r"|<[^<>\s][^<>]{0,40}>"
    r"|&[A-Za-z]+;|&#\d+;"
)
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MNEMONIC = re.compile(r"\(_[A-Za-z0-9]\)|\(&[A-Za-z0-9]\)|(?<![A-Za-z0-9_])_(?=\w)")
_OPTION_PREFIX = re.compile(r"^\s*(?:-{1,2}[A-Za-z0-9][^\s]*(?:,\s*|\s))+\s*(?=\S)")
_WS = re.compile(r"\s+")
# letters, counting combining marks (Indic vowel signs, Arabic/Hebrew points, Thai vowels)
_LETTER = re.compile(
    r"[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u1ab0-\u1aff]"
)
_WORD = re.compile(r"[^\W\d_]+")
_SYMBOLS = re.compile(r"[/\\|=_<>{}\[\]#*`~^$]")
_EN_MARKERS = frozenset(
    "the and of with this that are you your from which will have has been should would "
    "could when there their these those into only also such must file files cannot not "
    "is be for to can cannot can't don't doesn't it's used use using option options "
    "specified specify default value values only all any each if then than other more "
    "multiple failed failure error unable found invalid unknown missing allowed supported "
    "enable disable enabled disabled show print set get list write read open close new "
    "name number directory command commands package packages user users".split()
)
_EN_MARKER_EXCEPTIONS = {  # marker words that are also words of that language
    "de": {"will", "also", "name"}, "nl": {"is", "open"}, "pl": {"to"}, "cs": {"to"},
    "sv": {"all"}, "da": {"for"}, "fr": {"options", "option"}, "es": {"use"}, "pt": {"use"},
}
_HE_FINAL_START = re.compile(r"(?<![\u05d0-\u05ea])[\u05da\u05dd\u05df\u05e3\u05e5][\u05d0-\u05ea]")
_HE_FINAL_END = re.compile(r"[\u05d0-\u05ea][\u05da\u05dd\u05df\u05e3\u05e5](?![\u05d0-\u05ea])")
_HE_NONFINAL_END = re.compile(
    r"[\u05d0-\u05ea][\u05db\u05de\u05e0\u05e4\u05e6](?![\u05d0-\u05ea\u05b0-\u05c7'\"])"
)
_QUESTION_END = re.compile(r"[?\uff1f\u061f\u037e][\"'\u00bb\u201d\u2019)\u300d]*$")
_QUESTION_END_EL = re.compile(r"[?;\u037e][\"'\u00bb\u201d\u2019)]*$")


def clean_sentence(s: str, lang: str) -> str | None:
    """The sentence, tidied, or None when it is not real running text of ``lang``."""
    if len(s) < 8:
        return None
    if "<" in s:
        s = _MARKUP.sub("", s)
    if "_" in s or "&" in s:
        s = _MNEMONIC.sub("", s)
    s = _WS.sub(" ", s).strip()
    if len(s) < 8:
        return None
    n = len(s)
    ph = _PLACEHOLDER.findall(s)
    if ph and (len(ph) > 2 or sum(map(len, ph)) > 0.12 * n):
        return None
    script = script_of(lang)
    letters = _LETTER.findall(s)
    nl = len(letters)
    non_space = n - s.count(" ")
    if non_space == 0 or nl < 0.7 * non_space:
        return None
    if len(_SYMBOLS.findall(s)) > 0.04 * n + 1:
        return None
    if lang in ("ja", "zh"):
        if nl < 8:
            return None
    elif lang == "th":
        if nl < 15:
            return None
    elif lang == "ko":
        if nl < 10 or len(_WORD.findall(s)) < 3:
            return None
    else:
        words = _WORD.findall(s)
        if nl < 18 or len(words) < 4:
            return None
    if script == "Latin":
        if len(_LATIN_RE.findall(s)) < 0.93 * nl:
            return None
        if lang != "en":
            words = [w.lower() for w in _WORD.findall(s)]
            exc = _EN_MARKER_EXCEPTIONS.get(lang, ())
            hits = sum(1 for w in words if w in _EN_MARKERS and w not in exc)
            if hits >= 2 and hits >= 0.2 * len(words):
                return None
    else:
        native_re = _NATIVE.get(script) or _SCRIPT_RE[script]
        if len(native_re.findall(s)) < 0.6 * nl:
            return None
        if lang == "ja" and not _KANA_RE.search(s):
            return None
        if lang == "zh" and _KANA_RE.search(s):
            return None
    if s[0] in ",;:)]}»-–—.$#%" or s.endswith((",", ":", "(", "-", " /")):
        return None
    words_ws = s.split(" ")
    if sum(1 for w in words_ws if w[:1] == "-" and len(w) > 1) > 0.2 * len(words_ws):
        return None
    if lang == "he":  # visual-order (reversed) Hebrew: final letters at the start of words
        wrong = len(_HE_FINAL_START.findall(s)) + len(_HE_NONFINAL_END.findall(s))
        if wrong >= 2 and wrong > len(_HE_FINAL_END.findall(s)):
            return None
    return s


def _msg_units(msg: str) -> list[list[str]]:
    """Paragraphs (lists of raw sentences) of one catalogue string."""
    paras: list[list[str]] = []
    for block in re.split(r"\n\s*\n", msg):
        lines = [ln for ln in block.split("\n")]
        joined: list[str] = []
        for ln in lines:
            st = ln.strip()
            if not st:
                continue
            if st.startswith("-"):
                st = _OPTION_PREFIX.sub("", st)
                joined.append(st)
                continue
            if joined and (st[0].islower() or _CJK_CHAR.match(st[0])) \
                    and not joined[-1].endswith((".", "!", "?", ":", "。")):
                sep = "" if _CJK_CHAR.match(st[0]) and _CJK_CHAR.match(joined[-1][-1]) else " "
                joined[-1] = joined[-1] + sep + st
            else:
                joined.append(st)
        sents: list[str] = []
        for j in joined:
            sents.extend(split_sentences(j))
        if sents:
            paras.append(sents)
    return paras


# --------------------------------------------------------------------------------------
# source files


def _stable_hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big")


def source_files(lang: str, locale_root: Path = LOCALE_ROOT,
                 man_root: Path = MAN_ROOT) -> list[tuple[str, str]]:
    """Sorted (kind, path) sources for ``lang``; kind is 'mo', 'mo-msgid' or 'man'."""
    dirs, _ = LANGUAGES[lang]
    out: list[tuple[str, str]] = []
    mo_dirs = _EN_MSGID_DIRS if lang == "en" else dirs
    kind = "mo-msgid" if lang == "en" else "mo"
    for d in mo_dirs:
        lc = locale_root / d / "LC_MESSAGES"
        if lc.is_dir():
            for p in sorted(lc.glob("*.mo")):
                if not _SKIP_CATALOGUES.match(p.name):
                    out.append((kind, str(p)))
    seen: set[str] = set()
    if lang == "en":
        for sec in _EN_MAN_SECTIONS:
            sd = man_root / sec
            if not sd.is_dir():
                continue
            for p in sorted(sd.iterdir()):
                if p.is_symlink() or not p.is_file():
                    continue
                if _EN_MAN_SKIP.match(p.name):
                    continue
                if _EN_MAN_KEEP_ONE_IN > 1 and _stable_hash(p.name) % _EN_MAN_KEEP_ONE_IN:
                    continue
                out.append(("man", str(p)))
    else:
        for d in dirs:
            md = man_root / d
            if not md.is_dir():
                continue
            for sec_dir in sorted(md.glob("man*")):
                for page in sorted(sec_dir.iterdir()):
                    if not page.is_file():
                        continue
                    real = os.path.realpath(page)
                    if real in seen:
                        continue
                    seen.add(real)
                    out.append(("man", str(page)))
    return out


def _cache_dir() -> Path:
    env = os.environ.get("CURATOR_BENCH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "curator-bench"


def _cache_key(lang: str, files: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    h.update(f"{MODULE_VERSION}\0{lang}\0".encode())
    for kind, p in files:
        try:
            st = Path(p).stat()
            h.update(f"{kind}\0{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{kind}\0{p}\0missing\n".encode())
    return h.hexdigest()[:20]


def _dumps(obj: Any) -> bytes:
    if _HAVE_ORJSON:
        return orjson.dumps(obj)
    return json.dumps(obj, ensure_ascii=False).encode()


def _loads(b: bytes) -> Any:
    if _HAVE_ORJSON:
        return orjson.loads(b)
    return json.loads(b)


def _extract(lang: str, files: list[tuple[str, str]]) -> dict[str, Any]:
    """Sentences of ``lang`` in source order, de-duplicated; ``p`` lists the indices
    where a source paragraph starts; ``src`` counts sentences per source kind."""
    sents: list[str] = []
    starts: list[int] = []
    seen: set[str] = set()
    counts = {"mo": 0, "man": 0}
    files_used = {"mo": 0, "man": 0}

    def add_paragraph(raw: list[str], kind: str) -> None:
        first = True
        for r in raw:
            c = clean_sentence(r, lang)
            if c is None:
                continue
            key = c.casefold()
            if key in seen:
                continue
            seen.add(key)
            if first:
                starts.append(len(sents))
                first = False
            sents.append(c)
            counts[kind] += 1

    for kind, path in files:
        before = len(sents)
        if kind in ("mo", "mo-msgid"):
            try:
                entries = read_mo(path)
            except (OSError, struct.error):
                continue
            for mid, mstr in entries:
                if kind == "mo":
                    if mstr == mid:
                        continue
                    text = mstr
                else:
                    text = mid
                for units in _msg_units(text):
                    add_paragraph(units, "mo")
            k = "mo"
        else:
            try:
                paras = read_man(path)
            except OSError:
                continue
            for man_para in paras:
                add_paragraph(split_sentences(man_para), "man")
            k = "man"
        if len(sents) > before:
            files_used[k] += 1
    return {"s": sents, "p": starts, "sentences_by_source": counts,
            "files_by_source": files_used}


_TERMINAL = re.compile(
    "[.!?\u2026\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f;:\u037e]"
    "[\"'\u00bb\u201d\u2019)\\]\u300d\u300f\uff09]*$"
)
_FULL_STOP = {"ja": "\u3002", "zh": "\u3002", "th": ""}
_CASED = frozenset(k for k, v in LANGUAGES.items() if v[1] in ("Latin", "Cyrillic", "Greek"))


def _as_sentence(s: str, lang: str) -> str:
    """A catalogue fragment ("Datei nicht gefunden") made to read as a sentence in prose:
    capital first letter (cased scripts) and a full stop."""
    out = s if _TERMINAL.search(s) else s + _FULL_STOP.get(lang, ".")
    if lang in _CASED and out[0].islower() and not out[1:2].isupper():
        out = out[0].upper() + out[1:]
    return out


class Corpus:
    """Collected sentences of one language.

    ``sentences``: cleaned sentences in source order (what :func:`collect` returns);
    ``para_starts``: indices where a source paragraph begins.
    For generation, ``plain`` holds the sentences without placeholders (%s, {0}, <file>),
    ``prose`` the same made to read as sentences (see _as_sentence), ``plain_breaks`` the
    positions in ``plain`` where a source paragraph begins, ``questions`` positions in
    ``plain`` of sentences that end with a question mark.
    """

    __slots__ = (
        "lang",
        "para_starts",
        "plain",
        "plain_breaks",
        "prose",
        "questions",
        "sentences",
        "stats",
    )

    def __init__(self, lang: str, data: dict[str, Any]):
        self.lang = lang
        self.sentences: list[str] = data["s"]
        self.para_starts: list[int] = data["p"]
        pstarts = set(self.para_starts)
        qre = _QUESTION_END_EL if lang == "el" else _QUESTION_END
        self.plain: list[str] = []
        self.prose: list[str] = []
        breaks: set[int] = set()
        self.questions: list[int] = []
        pending_break = False
        seen_prose: set[str] = set()
        for i, sent in enumerate(self.sentences):
            if i in pstarts:
                pending_break = True
            if _PLACEHOLDER.search(sent):
                continue
            prose = _as_sentence(sent, lang)
            if prose in seen_prose:  # "foo" and "foo." read the same in prose
                continue
            seen_prose.add(prose)
            j = len(self.plain)
            if pending_break:
                breaks.add(j)
                pending_break = False
            if qre.search(sent):
                self.questions.append(j)
            self.plain.append(sent)
            self.prose.append(prose)
        self.plain_breaks = frozenset(breaks)
        self.stats = {k: v for k, v in data.items() if k not in ("s", "p")}


_MEMO: dict[tuple[str, str], Corpus] = {}


def load_corpus(lang: str, *, use_cache: bool = True, locale_root: Path = LOCALE_ROOT,
                man_root: Path = MAN_ROOT) -> Corpus:
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; known: {sorted(LANGUAGES)}")
    memo_key = (lang, f"{locale_root}\0{man_root}\0{use_cache}")
    if memo_key in _MEMO:  # listing the files again is slow (man1 has ~18,000 entries)
        return _MEMO[memo_key]
    files = source_files(lang, Path(locale_root), Path(man_root))
    key = _cache_key(lang, files)
    cache_file = _cache_dir() / f"multilingual-{lang}-{key}.json"
    data = None
    if use_cache and cache_file.is_file():
        try:
            data = _loads(cache_file.read_bytes())
        except (OSError, ValueError):
            data = None
    if data is None:
        data = _extract(lang, files)
        data["files"] = len(files)
        if use_cache:
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache_file.with_suffix(f".tmp{os.getpid()}")
                tmp.write_bytes(_dumps(data))
                tmp.replace(cache_file)
            except OSError:
                pass
    corpus = Corpus(lang, data)
    _MEMO[memo_key] = corpus
    return corpus


def collect(languages: Iterable[str] = DEFAULT_LANGUAGES, *,
            use_cache: bool = True) -> dict[str, list[str]]:
    """Real sentences per language (ISO 639-1), in source order, de-duplicated.

    Languages for which this machine has no text map to an empty list."""
    return {lang: load_corpus(lang, use_cache=use_cache).sentences for lang in languages}


def collect_paragraphs(languages: Iterable[str] = DEFAULT_LANGUAGES) -> dict[str, list[str]]:
    """Like :func:`collect` but sentences of one source paragraph are joined."""
    out: dict[str, list[str]] = {}
    for lang in languages:
        c = load_corpus(lang)
        sep = "" if lang in _NO_SPACE_LANGS else " "
        bounds = [*c.para_starts, len(c.sentences)]
        out[lang] = [sep.join(c.sentences[a:b]) for a, b in itertools.pairwise(bounds) if b > a]
    return out


# --------------------------------------------------------------------------------------
# chat generation


class _Deck:
    """Draws indices 0..n-1 without replacement; reshuffles when exhausted."""

    __slots__ = ("n", "order", "passes", "pos", "rng")

    def __init__(self, n: int, rng: random.Random):
        self.n = n
        self.rng = rng
        self.order: list[int] = []
        self.pos = 0
        self.passes = -1  # completed passes once the first draw is made: 0, 1, ...

    def draw(self) -> int:
        if self.pos >= len(self.order):
            self.order = list(range(self.n))
            self.rng.shuffle(self.order)
            self.pos = 0
            self.passes += 1
        i = self.order[self.pos]
        self.pos += 1
        return i


class _LangGen:
    """Builds chat examples of one language from its Corpus with its own Random."""

    def __init__(self, corpus: Corpus, rng: random.Random):
        self.c = corpus
        self.rng = rng
        self.n = len(corpus.plain)
        self.sep = "" if corpus.lang in _NO_SPACE_LANGS else " "
        self.cpt = CHARS_PER_TOKEN.get(corpus.lang, _DEFAULT_CPT)
        self.qdeck = _Deck(len(corpus.questions), rng) if corpus.questions else None
        qset = set(corpus.questions)
        self.statements = [i for i in range(self.n) if i not in qset]
        self.sdeck = _Deck(len(self.statements), rng)

    def run(self, max_sents: int, start: int | None = None, prose: bool = True) -> list[str]:
        """1..max_sents consecutive sentences from a random place (or ``start``), stopping
        at the end of a source paragraph."""
        rng = self.rng
        if start is None:
            start = rng.randrange(self.n)
        k = rng.randint(1, max_sents) if max_sents > 1 else 1
        src = self.c.prose if prose else self.c.plain
        out = [src[start]]
        brk = self.c.plain_breaks
        i = start + 1
        while len(out) < k and i < self.n and i not in brk:
            out.append(src[i])
            i += 1
        return out

    def _join(self, parts: list[str]) -> str:
        out: list[str] = []
        for p in parts:
            if p == "\n\n":
                out.append(p)
            elif out and out[-1] != "\n\n":
                out.append(self.sep + p)
            else:
                out.append(p)
        return "".join(out).strip()

    def user_turn(self) -> str:
        """A question (with 0-2 sentences of context before it) or 1-3 sentences of an
        instruction-like request; sometimes with a long pasted passage."""
        rng = self.rng
        c = self.c
        # questions are few (~100 per language): used less once each was asked 3 times
        if self.qdeck is not None and rng.random() < (0.55 if self.qdeck.passes < 3 else 0.1):
            q = c.prose[c.questions[self.qdeck.draw()]]
            if self.qdeck.passes == 0:
                ctx_n = rng.choice((0, 0, 1, 1, 2))
                parts = [*(self.run(ctx_n) if ctx_n else []), q]
            else:  # a question seen before gets context from a fresh place: prompts differ
                start = self.statements[self.sdeck.draw()]
                parts = [*self.run(rng.choice((1, 2, 2, 3)), start=start), q]
        else:
            parts = self.run(rng.choice((1, 1, 2, 3)), start=self.statements[self.sdeck.draw()])
            if self.sdeck.passes > 0:  # every sentence has led a prompt: pair it with another
                parts += self.run(2)
        if rng.random() < 0.12:  # a longer request with pasted context
            ctx = self.run(8) + self.run(6)
            parts = [*ctx, "\n\n", *parts] if rng.random() < 0.5 else [*parts, "\n\n", *ctx]
        return self._join(parts)

    def system_turn(self) -> str:
        return self._join(self.run(self.rng.choice((1, 1, 2, 3))))

    def assistant_turn(self) -> str:
        rng = self.rng
        # long-tailed target length in tokens: log-normal, median ~230, p95 ~1,000
        tokens = min(8000.0, max(8.0, rng.lognormvariate(math.log(230), 0.9)))
        target = int(tokens * self.cpt)
        style = rng.random()
        if style < 0.18:
            return self._list_answer(target)
        return self._prose_answer(target, multi=style < 0.6)

    def _prose_answer(self, target: int, multi: bool) -> str:
        rng = self.rng
        sep = self.sep
        paras: list[str] = []
        cur: list[str] = []
        total = 0
        para_len = rng.randint(2, 7)
        while total < target:
            run = self.run(4)
            cur.extend(run)
            total += sum(map(len, run)) + len(sep) * len(run)
            if multi and len(cur) >= para_len and total < target:
                paras.append(sep.join(cur))
                total += 2
                cur = []
                para_len = rng.randint(2, 7)
        if cur:
            paras.append(sep.join(cur))
        return "\n\n".join(paras)

    def _list_answer(self, target: int) -> str:
        rng = self.rng
        sep = self.sep
        intro = sep.join(self.run(2))
        numbered = rng.random() < 0.4
        bullet = rng.choice(("- ", "* ", "\u2022 "))
        as_prose = rng.random() < 0.3  # items as full sentences, else as catalogue lines
        items: list[str] = []
        total = len(intro)
        while total < target or len(items) < 2:
            it = sep.join(self.run(rng.choice((1, 1, 1, 2, 3)), prose=as_prose))
            items.append(it)
            total += len(it) + 3
            if len(items) >= 80:
                break
        lines = [(f"{i}. " if numbered else bullet) + it for i, it in enumerate(items, 1)]
        body = intro + "\n\n" + "\n".join(lines)
        if rng.random() < 0.4:
            body += "\n\n" + sep.join(self.run(2))
        return body

    def example(self) -> Example:
        rng = self.rng
        msgs: list[Message] = []
        if rng.random() < 0.35:
            msgs.append({"role": "system", "content": self.system_turn()})
        turns = 2 if rng.random() < 0.2 else 1
        for _ in range(turns):
            msgs.append({"role": "user", "content": self.user_turn()})
            msgs.append({"role": "assistant", "content": self.assistant_turn()})
        return {"messages": msgs}


MIN_SENTENCES = 200  # a language with fewer usable sentences is left out of generation


def language_weights(languages: Sequence[str] = DEFAULT_LANGUAGES,
                     weights: dict[str, float] | None = None) -> dict[str, float]:
    """Relative share of each language in generated data (see DEFAULT_WEIGHTS)."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    out = {}
    for lang in languages:
        n = len(load_corpus(lang).plain)
        out[lang] = float(w.get(lang, 1.0)) * min(1.0, n / FULL_WEIGHT_SENTENCES)
    return out


def labelled_examples(n: int, seed: int = 0, languages: Sequence[str] = DEFAULT_LANGUAGES,
                      weights: dict[str, float] | None = None) -> Iterator[tuple[str, Example]]:
    """n (language, {"messages": [...]}) pairs; all text of an example is in that language.

    Languages without text on this machine are left out (see :func:`available_languages`).
    """
    langs = available_languages(languages)
    if not langs:
        raise RuntimeError("no language has text on this machine")
    rng = random.Random(seed)
    gens = {lang: _LangGen(load_corpus(lang), random.Random(f"{seed}:{lang}"))
            for lang in langs}
    cum: list[float] = []
    acc = 0.0
    lw = language_weights(langs, weights)
    for w in (lw[lang] for lang in langs):
        acc += w
        cum.append(acc)
    for _ in range(n):
        lang = langs[bisect.bisect_right(cum, rng.random() * acc)]
        yield lang, gens[lang].example()


def chat_examples(n: int, seed: int = 0, languages: Sequence[str] = DEFAULT_LANGUAGES,
                  weights: dict[str, float] | None = None) -> Iterator[Example]:
    for _, ex in labelled_examples(n, seed, languages, weights):
        yield ex


def available_languages(languages: Iterable[str] = DEFAULT_LANGUAGES) -> list[str]:
    """The languages that have enough text on this machine to generate from."""
    return [lang for lang in languages if len(load_corpus(lang).plain) >= MIN_SENTENCES]


def write_jsonl(path: StrPath, n: int, seed: int = 0,
                languages: Sequence[str] = DEFAULT_LANGUAGES,
                labels_path: StrPath | None = None) -> dict[str, int]:
    """Write n examples, one JSON object per line; optionally the language of each line
    (one code a line) to ``labels_path``. Returns examples per language."""
    counts: dict[str, int] = {}
    buf: list[bytes] = []
    lab: list[str] = []
    with contextlib.ExitStack() as stack:
        f = stack.enter_context(Path(path).open("wb"))
        lf = (stack.enter_context(Path(labels_path).open("w", encoding="ascii"))
              if labels_path else None)
        for lang, ex in labelled_examples(n, seed, languages):
            counts[lang] = counts.get(lang, 0) + 1
            buf.append(_dumps(ex))
            lab.append(lang)
            if len(buf) >= 2000:
                f.write(b"\n".join(buf) + b"\n")
                buf.clear()
                if lf:
                    lf.write("\n".join(lab) + "\n")
                lab.clear()
        if buf:
            f.write(b"\n".join(buf) + b"\n")
            if lf:
                lf.write("\n".join(lab) + "\n")
    return counts


def labelled_texts(per_language: int = 300, seed: int = 0,
                   languages: Sequence[str] = DEFAULT_LANGUAGES,
                   min_chars: int = 100, max_chars: int = 400) -> list[tuple[str, str]]:
    """(lang, text) pairs of min_chars..max_chars characters, distinct, for measuring
    language-detection accuracy. Fewer than per_language when a language has little text."""
    out: list[tuple[str, str]] = []
    for lang in languages:
        c = load_corpus(lang)
        if len(c.plain) < MIN_SENTENCES:
            continue
        g = _LangGen(c, random.Random(f"texts:{seed}:{lang}"))
        seen: set[str] = set()
        tries = 0
        while len(seen) < per_language and tries < per_language * 20:
            tries += 1
            parts: list[str] = []
            length = 0
            while length < min_chars:
                for s in g.run(3):
                    parts.append(s)
                    length += len(s) + len(g.sep)
            text = g.sep.join(parts)
            if len(text) > max_chars:
                text = _cut(text, max_chars, g.sep)
            if len(text) < min_chars or text in seen:
                continue
            seen.add(text)
            out.append((lang, text))
    return out


def _cut(text: str, max_chars: int, sep: str) -> str:
    cut = text[:max_chars]
    if sep:
        sp = cut.rfind(" ")
        if sp > max_chars // 2:
            cut = cut[:sp]
    return cut.rstrip()


# --------------------------------------------------------------------------------------
# permissively licensed fixture source: gflanguages (Apache-2.0), UDHR sample texts

_GF_FIELDS = ("specimen_16", "specimen_21", "specimen_32", "specimen_36", "specimen_48",
              "tester", "styles")
_GF_FIELD_RE = re.compile(r'^\s*(\w+):\s*"((?:[^"\\]|\\.)*)"\s*$', re.M)
_TP_ESC = re.compile(r"\\(.)")


def _tp_unescape(s: str) -> str:
    return _TP_ESC.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def _iter_gflanguages(source: StrPath | None) -> Iterator[tuple[str, str]]:
    """(file name, text) of each languages/*.textproto of gflanguages: from an installed
    package, a wheel (.whl), or a directory holding the textproto files."""
    if source is None:
        import importlib.util
        spec = importlib.util.find_spec("gflanguages")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("gflanguages is not installed; pass its wheel or data dir")
        source = Path(next(iter(spec.submodule_search_locations))) / "data" / "languages"
    src = Path(source)
    if src.is_file() and zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            for name in sorted(z.namelist()):
                if "/data/languages/" in name and name.endswith(".textproto"):
                    yield name.rsplit("/", 1)[1], z.read(name).decode("utf-8")
        return
    if (src / "data" / "languages").is_dir():
        src = src / "data" / "languages"
    elif (src / "gflanguages" / "data" / "languages").is_dir():
        src = src / "gflanguages" / "data" / "languages"
    for p in sorted(src.glob("*.textproto")):
        yield p.name, p.read_text(encoding="utf-8")


# gflanguages id for each ISO 639-1 code used here
_GF_IDS = {"zh": "zh_Hans", "ja": "ja_Jpan", "ko": "ko_Kore", "sr": "sr_Cyrl"}
_ISO15924 = {"Latin": "Latn", "Cyrillic": "Cyrl", "Greek": "Grek", "Arabic": "Arab",
             "Hebrew": "Hebr", "Devanagari": "Deva", "Bengali": "Beng", "Tamil": "Taml",
             "Thai": "Thai", "Georgian": "Geor", "Han": "Hans", "Hangul": "Kore",
             "Japanese": "Jpan"}


def udhr_id(lang: str) -> str:
    """gflanguages id (e.g. 'ru_Cyrl') of an ISO 639-1 code of this module."""
    return _GF_IDS.get(lang) or f"{lang}_{_ISO15924[script_of(lang)]}"


def udhr_samples(source: StrPath | None = None,
                 ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """UDHR sample paragraphs per gflanguages id (e.g. 'ru_Cyrl', 'zh_Hans'), de-duplicated.

    ``source``: installed package (None), a gflanguages wheel, or its data directory.
    The package is Apache-2.0; the texts are translations of the Universal Declaration of
    Human Rights, which the UN lets anyone reproduce. Small enough to ship as a fixture.
    """
    wanted = set(ids) if ids is not None else None
    out: dict[str, list[str]] = {}
    for name, text in _iter_gflanguages(source):
        gid = name[: -len(".textproto")]
        if wanted is not None and gid not in wanted:
            continue
        if "sample_text" not in text:
            continue
        sample = text[text.index("sample_text"):]
        fields = dict(_GF_FIELD_RE.findall(sample))
        paras: list[str] = []
        seen: set[str] = set()
        for f in _GF_FIELDS:
            if f not in fields:
                continue
            for para in _tp_unescape(fields[f]).split("\n"):
                para = para.strip()
                if len(para) < 20 or any(para in s for s in seen):
                    continue
                for s in list(seen):  # drop shorter prefixes already kept
                    if s in para:
                        seen.discard(s)
                seen.add(para)
        # keep the order of first appearance
        for f in _GF_FIELDS:
            for para in _tp_unescape(fields.get(f, "")).split("\n"):
                para = para.strip()
                if para in seen and para not in paras:
                    paras.append(para)
        if paras:
            out[gid] = paras
    return out


def udhr_by_language(source: StrPath | None = None,
                     languages: Iterable[str] = DEFAULT_LANGUAGES) -> dict[str, list[str]]:
    """udhr_samples keyed by the ISO 639-1 codes used in this module."""
    wanted = {udhr_id(lang): lang for lang in languages}
    got = udhr_samples(source, wanted)
    return {wanted[g]: v for g, v in got.items()}


def udhr_labelled_texts(source: StrPath | None = None,
                        languages: Iterable[str] = DEFAULT_LANGUAGES, min_chars: int = 100,
                        max_chars: int = 400) -> list[tuple[str, str]]:
    """(lang, text) pairs of min_chars..max_chars characters cut from the UDHR samples at
    sentence ends (or words), in a fixed order: a language-detection fixture that may be
    committed (Apache-2.0)."""
    out: list[tuple[str, str]] = []
    for lang, paras in udhr_by_language(source, languages).items():
        sep = "" if lang in _NO_SPACE_LANGS else " "
        buf = ""
        for para in paras:
            for sent in split_sentences(para):
                buf = buf + sep + sent if buf else sent
                if len(buf) >= min_chars:
                    out.append((lang, buf if len(buf) <= max_chars else _cut(buf, max_chars, sep)))
                    buf = ""
    return out


def write_udhr_fixture(path: StrPath, source: StrPath | None = None,
                       ids: Iterable[str] | None = None) -> int:
    """Write {"licence": ..., "texts": {id: [paragraphs]}} as JSON; returns bytes written.
    ``ids``: gflanguages ids (see udhr_id), default all (~750 languages, ~1 MB)."""
    texts = udhr_samples(source, ids)
    doc = {
        "source": "gflanguages (https://github.com/googlefonts/lang), sample_text fields",
        "licence": "Apache-2.0 (gflanguages); texts: Universal Declaration of Human Rights "
                   "translations, freely reproducible (OHCHR)",
        "texts": texts,
    }
    data = json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True).encode() + b"\n"
    Path(path).write_bytes(data)
    return len(data)


# --------------------------------------------------------------------------------------
# permissively licensed real sentences: PostgreSQL's message catalogues (PostgreSQL Licence)

_PG_CATALOGUE = re.compile(r"^(?:postgres|psql|pg_\w+|pgscripts|plpgsql|initdb|libpq5|ecpg\w*)"
                           r"-\d+\.mo$")
POSTGRESQL_LICENCE = (
    "PostgreSQL Database Management System (also known as Postgres, formerly known as "
    "Postgres95). Portions Copyright (c) 1996-2022, The PostgreSQL Global Development Group. "
    "Portions Copyright (c) 1994, The Regents of the University of California. Permission to "
    "use, copy, modify, and distribute this software and its documentation for any purpose, "
    "without fee, and without a written agreement is hereby granted, provided that the above "
    "copyright notice and this paragraph and the following two paragraphs appear in all "
    "copies. IN NO EVENT SHALL THE UNIVERSITY OF CALIFORNIA BE LIABLE TO ANY PARTY FOR "
    "DIRECT, INDIRECT, SPECIAL, INCIDENTAL, OR CONSEQUENTIAL DAMAGES, INCLUDING LOST PROFITS, "
    "ARISING OUT OF THE USE OF THIS SOFTWARE AND ITS DOCUMENTATION, EVEN IF THE UNIVERSITY OF "
    "CALIFORNIA HAS BEEN ADVISED OF THE POSSIBILITY OF SUCH DAMAGE. THE UNIVERSITY OF "
    "CALIFORNIA SPECIFICALLY DISCLAIMS ANY WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE "
    "IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE. THE SOFTWARE "
    "PROVIDED HEREUNDER IS ON AN \"AS IS\" BASIS, AND THE UNIVERSITY OF CALIFORNIA HAS NO "
    "OBLIGATIONS TO PROVIDE MAINTENANCE, SUPPORT, UPDATES, ENHANCEMENTS, OR MODIFICATIONS."
)


def postgresql_sentences(languages: Iterable[str] = DEFAULT_LANGUAGES,
                         locale_root: Path = LOCALE_ROOT) -> dict[str, list[str]]:
    """Cleaned sentences of PostgreSQL's own catalogues (server and client programs), which
    are under the permissive PostgreSQL Licence, unlike most other catalogues here. English
    comes from their msgids. Languages without such catalogues map to []."""
    out: dict[str, list[str]] = {}
    for lang in languages:
        files = [(k, p) for k, p in source_files(lang, Path(locale_root), MAN_ROOT)
                 if k != "man" and _PG_CATALOGUE.match(Path(p).name)]
        out[lang] = _extract(lang, files)["s"]
    return out


def write_postgresql_fixture(path: StrPath, per_language: int = 800, seed: int = 0,
                             languages: Iterable[str] = DEFAULT_LANGUAGES) -> int:
    """A committable fixture: up to ``per_language`` PostgreSQL sentences per language
    (placeholder-free, seeded sample kept in source order) with the licence notice.
    Returns bytes written."""
    texts: dict[str, list[str]] = {}
    for lang, sents in postgresql_sentences(languages).items():
        plain = [x for x in sents if not _PLACEHOLDER.search(x)]
        if not plain:
            continue
        rng = random.Random(f"pg:{seed}:{lang}")
        keep = sorted(rng.sample(range(len(plain)), min(per_language, len(plain))))
        texts[lang] = [plain[i] for i in keep]
    doc = {"source": "PostgreSQL 15 message catalogues (Debian postgresql-15, "
                     "postgresql-client-15, libpq5), translated msgstr; English: msgid",
           "licence": POSTGRESQL_LICENCE, "texts": texts}
    data = json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True).encode() + b"\n"
    Path(path).write_bytes(data)
    return len(data)


# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="output .jsonl")
    ap.add_argument("n", type=int, help="number of examples")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--languages", default=",".join(DEFAULT_LANGUAGES),
                    help="comma-separated ISO 639-1 codes")
    ap.add_argument("--labels", help="also write the language of each line to this file")
    a = ap.parse_args(argv)
    langs = [x.strip() for x in a.languages.split(",") if x.strip()]
    t0 = time.perf_counter()
    for lang in langs:
        load_corpus(lang)
    t1 = time.perf_counter()
    counts = write_jsonl(a.out, a.n, a.seed, langs, a.labels)
    t2 = time.perf_counter()
    size = Path(a.out).stat().st_size
    print(f"sentences ready in {t1 - t0:.1f}s; wrote {a.n} examples "
          f"({size / 1e6:.1f} MB) in {t2 - t1:.1f}s to {a.out}", file=sys.stderr)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
