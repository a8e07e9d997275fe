"""Running text of man(7) pages: a small line parser over the groff source."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from datagen.multilingual.groff import groff_text, groff_text_keep_quotes, macro_args
from datagen.multilingual.languages import CJK_CHAR
from datagen.multilingual.paths import StrPath

_MDOC = re.compile(r"^\.(?:Dd|Nm)\b", re.M)
_REQUEST = re.compile(r"[.']\s*(\S*)\s*(.*)$")
_COND_RE = re.compile(r"""^[.']\s*(?:if|ie)\s+!?(?:'[^']*'[^']*'|"[^"]*"[^"]*"|\S+)\s*(.*)$"""
                      r"""|^[.']\s*el\s+(.*)$""")
_BREAK_MACROS = frozenset(
    "PP LP P HP sp br RS RE IP TP TQ SH SS bp ne in ti ce Pp Sh Ss It Bl El Bd Ed".split()
)
_ALT_MACROS = frozenset("BI IB BR RB IR RI".split())
_FONT_MACROS = frozenset("B I SM SB".split()) | _ALT_MACROS
# request that starts a block -> the request that ends it; the block is skipped
_SKIP_BLOCK = {"de": "..", "de1": "..", "am": "..", "ig": "..", "TS": ".TE", "EQ": ".EN",
               "PS": ".PE", "nf": ".fi", "EX": ".EE", "Vb": ".Ve", "Bd": ".Ed", "SY": ".YS"}
# the SYNOPSIS heading in the languages of the translated pages: its text is dropped
_SYNOPSIS = frozenset({
    "SYNOPSIS", "ÜBERSICHT", "書式", "概要", "ОБЗОР", "СИНТАКСИС", "ОГЛЯД", "SKŁADNIA",
    "SINOSSI", "SINOPSE", "SINOPSIS", "SAMENVATTING", "SYNOPSE", "SYNTAX", "概述", "用法",
    "사용법", "개요", "SÖZDİZİMİ",
})


def read_man(path: StrPath) -> list[str]:
    """Paragraphs of a man page file (gzipped or not); [] for a ``.so`` redirect."""
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


def man_paragraphs(src: str) -> list[str]:
    """Paragraphs of running text from a man(7) page source; no-fill blocks, tables,
    synopsis-like tags and macro definitions are dropped. mdoc pages give []."""
    if _MDOC.search(src[:4000]):
        return []
    page = _Page()
    for raw in src.splitlines():
        page.feed(raw)
    page.flush()
    return page.paragraphs


def _join_lines(parts: list[str]) -> str:
    """Lines of one paragraph joined by a space, or by nothing between CJK characters."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (CJK_CHAR.match(out[-1]) and CJK_CHAR.match(p[0])):
            out += " "
        out += p
    return out


def _condition_body(raw: str) -> str | None:
    """The line itself, or for ``.if COND body`` (which po4a writes) the body; None when
    there is nothing to read (an empty body or a ``\\{`` block)."""
    cm = _COND_RE.match(raw)
    if not cm:
        return raw
    body = cm.group(1) if cm.group(1) is not None else cm.group(2)
    if not body or body.startswith("\\{"):
        return None
    return body


class _Page:
    """The state of reading one page: the paragraphs so far, the lines of the current one,
    the section, a skipped block and whether the next line is a ``.TP`` tag."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.skip_until: str | None = None
        self.tag_pending = False
        self.section = ""

    def flush(self) -> None:
        if self.lines:
            text = _join_lines(self.lines)
            if text:
                self.paragraphs.append(text)
            self.lines.clear()

    def feed(self, raw: str) -> None:
        if self.skip_until is not None:
            end = self.skip_until
            if raw.startswith(end) or raw.startswith("'" + end[1:]):
                self.skip_until = None
            return
        line = _condition_body(raw)
        if line is None:
            return
        if line[:1] in (".", "'"):
            self._request(line)
        else:
            self._text(line)

    def _request(self, line: str) -> None:
        m = _REQUEST.match(line)
        name, rest = (m.group(1), m.group(2)) if m else ("", "")
        if not name or name.startswith(('\\"', "\\#")):
            return
        if name in _SKIP_BLOCK:
            self.flush()
            self.skip_until = _SKIP_BLOCK[name]
        elif name in ("SH", "SS"):
            self.flush()
            self.section = groff_text(" ".join(macro_args(rest))).strip().upper()
            self.tag_pending = False
        elif name in ("TP", "TQ"):
            self.flush()
            self.tag_pending = True
        elif name in _BREAK_MACROS:
            self.flush()
        elif name in _FONT_MACROS:
            self._font(name, rest)
        # any other request or macro: ignored

    def _font(self, name: str, rest: str) -> None:
        args = [groff_text(a) for a in macro_args(groff_text_keep_quotes(rest))]
        text = ("" if name in _ALT_MACROS else " ").join(args)
        if self.tag_pending:  # the tag of a .TP item (an option name): dropped
            self.tag_pending = False
        elif text.strip():
            self.lines.append(text)

    def _text(self, line: str) -> None:
        if self.tag_pending:
            self.tag_pending = False
            return
        if self.section in _SYNOPSIS:
            return
        text = groff_text(line)
        if not text.strip():
            self.flush()
        else:
            self.lines.append(text)
