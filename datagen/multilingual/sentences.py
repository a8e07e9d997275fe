"""Splitting text into sentences, and the forms sentences take in generated prose."""

from __future__ import annotations

import re

from datagen.multilingual.languages import CASED, CJK_CHAR

_SENT_END = re.compile(
    "[.!?\u2026\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f]+"
    "[\"'\u00bb\u201d\u2019)\\]\u300d\u300f\uff09]*"
)
_CLOSERS = frozenset("\u00bb\u201d\u2019)]}\u300d\u300f\uff09,;:")
_ALWAYS_END = frozenset("\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f")  # no space needed
_ABBREV_END = re.compile(r"(?:^|\s)\w\.$|\b\w\.\w\.$")
_BLANK_LINE = re.compile(r"\n\s*\n")
_OPTION_PREFIX = re.compile(r"^\s*(?:-{1,2}[A-Za-z0-9][^\s]*(?:,\s*|\s))+\s*(?=\S)")
_TERMINAL = re.compile(
    "[.!?\u2026\u0964\u0965\u061f\u06d4\u3002\uff01\uff1f;:\u037e]"
    "[\"'\u00bb\u201d\u2019)\\]\u300d\u300f\uff09]*$"
)
_FULL_STOP = {"ja": "\u3002", "zh": "\u3002", "th": ""}
_QUESTION_END = re.compile(r"[?\uff1f\u061f\u037e][\"'\u00bb\u201d\u2019)\u300d]*$")
_QUESTION_END_EL = re.compile(r"[?;\u037e][\"'\u00bb\u201d\u2019)]*$")  # Greek ";" is "?"


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph after . ! ? ... followed by a space (not after an abbreviation
    like "z. B." or "e.g.", nor before a lower-case letter), and after CJK, Devanagari and
    Arabic sentence marks."""
    text = paragraph.strip()
    out: list[str] = []
    last = 0
    for m in _SENT_END.finditer(text):
        end = _sentence_end(text, m)
        if end is None:
            continue
        if end >= len(text):
            break
        _add_piece(out, text[last:end].strip())
        last = end
    _add_piece(out, text[last:].strip())
    return out


def _sentence_end(text: str, m: re.Match[str]) -> int | None:
    """Where the next sentence starts when the punctuation ``m`` ends one, else None."""
    n = len(text)
    e = m.end()
    punct = m.group()
    if any(ch in _ALWAYS_END for ch in punct):
        while e < n and text[e] == " ":
            e += 1
        return e
    if e >= n or not text[e].isspace():
        return None
    start = m.start()
    if punct[0] == "." and (start < 2 or text[start - 1].isspace()
                            or text[start - 2].isspace() or text[start - 1] == "."):
        return None  # "a." "z. B." "..": an abbreviation or an ellipsis
    j = e
    while j < n and text[j].isspace():
        j += 1
    if j < n and (text[j].islower() or text[j] in _CLOSERS):
        return None
    return j


def _add_piece(out: list[str], piece: str) -> None:
    """Append a sentence, or join it to the last one when that ends in an abbreviation."""
    if not piece:
        return
    if out and _ABBREV_END.search(out[-1]):
        out[-1] += " " + piece
    else:
        out.append(piece)


def catalogue_paragraphs(msg: str) -> list[list[str]]:
    """Paragraphs (lists of raw sentences) of one catalogue string: blank lines separate
    paragraphs, wrapped lines are joined, option names heading a line are dropped."""
    paras: list[list[str]] = []
    for block in _BLANK_LINE.split(msg):
        sents: list[str] = []
        for line in _unwrapped_lines(block):
            sents.extend(split_sentences(line))
        if sents:
            paras.append(sents)
    return paras


def _unwrapped_lines(block: str) -> list[str]:
    joined: list[str] = []
    for ln in block.split("\n"):
        st = ln.strip()
        if not st:
            continue
        if st.startswith("-"):
            joined.append(_OPTION_PREFIX.sub("", st))
        elif joined and (st[0].islower() or CJK_CHAR.match(st[0])) \
                and not joined[-1].endswith((".", "!", "?", ":", "。")):
            sep = "" if CJK_CHAR.match(st[0]) and CJK_CHAR.match(joined[-1][-1]) else " "
            joined[-1] = joined[-1] + sep + st
        else:
            joined.append(st)
    return joined


def as_sentence(s: str, lang: str) -> str:
    """A catalogue fragment ("Datei nicht gefunden") made to read as a sentence in prose:
    capital first letter (cased scripts) and a full stop."""
    out = s if _TERMINAL.search(s) else s + _FULL_STOP.get(lang, ".")
    if lang in CASED and out[0].islower() and not out[1:2].isupper():
        out = out[0].upper() + out[1:]
    return out


def is_question(s: str, lang: str) -> bool:
    """Whether the sentence ends with a question mark (``;`` in Greek)."""
    return bool((_QUESTION_END_EL if lang == "el" else _QUESTION_END).search(s))


def cut_at_word(text: str, max_chars: int, sep: str) -> str:
    """At most max_chars characters of ``text``, cut at a space when one is in the second
    half (``sep`` "" means a language written without spaces: cut anywhere)."""
    cut = text[:max_chars]
    if sep:
        sp = cut.rfind(" ")
        if sp > max_chars // 2:
            cut = cut[:sp]
    return cut.rstrip()
