"""The OS files that hold a language's text, and the cleaned sentences read from them."""

from __future__ import annotations

import hashlib
import os
import re
import struct
from pathlib import Path
from typing import Any

from datagen.multilingual.filters import clean_sentence
from datagen.multilingual.languages import LANGUAGES
from datagen.multilingual.man import read_man
from datagen.multilingual.mo import read_mo
from datagen.multilingual.paths import LOCALE_ROOT, MAN_ROOT
from datagen.multilingual.sentences import catalogue_paragraphs, split_sentences

# Catalogues whose translated strings are names (countries, languages, keyboards...)
_SKIP_CATALOGUES = re.compile(r"^(iso_|iso-|xkeyboard-config|tzdata|gtk20-properties)")
# Locale dirs whose msgids give the English text (msgids are the same for every language).
_EN_MSGID_DIRS = ("de", "fr", "es", "sv", "it", "ru", "uk", "ja", "pl", "pt_BR")
_EN_MAN_SECTIONS = ("man1", "man5", "man7", "man8")
# English man pages: one file in N (stable hash); gcloud's ~16,000 generated pages are left out
_EN_MAN_KEEP_ONE_IN = 1
_EN_MAN_SKIP = re.compile(r"^(gcloud|bq|gsutil)[._]")

Source = tuple[str, str]  # (kind, path); kind is 'mo', 'mo-msgid' or 'man'


def source_files(lang: str, locale_root: Path = LOCALE_ROOT,
                 man_root: Path = MAN_ROOT) -> list[Source]:
    """Sorted (kind, path) sources for ``lang``; kind is 'mo', 'mo-msgid' or 'man'."""
    return [*catalogue_files(lang, locale_root), *man_files(lang, man_root)]


def catalogue_files(lang: str, locale_root: Path = LOCALE_ROOT) -> list[Source]:
    """The catalogues of the language's locale directories ('mo': their msgstrs are read),
    for English those of a few locales ('mo-msgid': their msgids are the English text);
    catalogues of names (countries, languages, keyboards, time zones) are left out."""
    if lang == "en":
        return _catalogues(_EN_MSGID_DIRS, "mo-msgid", locale_root)
    return _catalogues(LANGUAGES[lang][0], "mo", locale_root)


def man_files(lang: str, man_root: Path = MAN_ROOT) -> list[Source]:
    """The language's translated man pages, for English the untranslated ones of sections
    1, 5, 7 and 8 less gcloud's generated pages."""
    if lang == "en":
        return _english_man_pages(man_root)
    return _translated_man_pages(LANGUAGES[lang][0], man_root)


def _catalogues(dirs: tuple[str, ...], kind: str, locale_root: Path) -> list[Source]:
    out: list[Source] = []
    for d in dirs:
        lc = locale_root / d / "LC_MESSAGES"
        if lc.is_dir():
            out.extend((kind, str(p)) for p in sorted(lc.glob("*.mo"))
                       if not _SKIP_CATALOGUES.match(p.name))
    return out


def _stable_hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big")


def _english_page(p: Path) -> bool:
    if p.is_symlink() or not p.is_file():
        return False
    if _EN_MAN_SKIP.match(p.name):
        return False
    return not (_EN_MAN_KEEP_ONE_IN > 1 and _stable_hash(p.name) % _EN_MAN_KEEP_ONE_IN)


def _english_man_pages(man_root: Path) -> list[Source]:
    out: list[Source] = []
    for sec in _EN_MAN_SECTIONS:
        sd = man_root / sec
        if sd.is_dir():
            out.extend(("man", str(p)) for p in sorted(sd.iterdir()) if _english_page(p))
    return out


def _translated_man_pages(dirs: tuple[str, ...], man_root: Path) -> list[Source]:
    """Pages of the language's man directories; a page linked under several names (or in
    several directories) is read once."""
    out: list[Source] = []
    seen: set[str] = set()
    for d in dirs:
        md = man_root / d
        if not md.is_dir():
            continue
        for sec_dir in sorted(md.glob("man*")):
            for page in sorted(sec_dir.iterdir()):
                if not page.is_file():
                    continue
                real = os.path.realpath(page)
                if real not in seen:
                    seen.add(real)
                    out.append(("man", str(page)))
    return out


def extract(lang: str, files: list[Source]) -> dict[str, Any]:
    """Sentences of ``lang`` in source order, de-duplicated (``s``); ``p`` lists the
    indices where a source paragraph starts; ``sentences_by_source`` and
    ``files_by_source`` count sentences and the files that gave some, per kind."""
    sink = _Sentences(lang)
    for kind, path in files:
        sink.add_file(kind, path)
    return {"s": sink.sentences, "p": sink.starts, "sentences_by_source": sink.counts,
            "files_by_source": sink.files_used}


class _Sentences:
    """Cleaned sentences of one language, de-duplicated by casefold in first-seen order."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.sentences: list[str] = []
        self.starts: list[int] = []
        self.seen: set[str] = set()
        self.counts = {"mo": 0, "man": 0}
        self.files_used = {"mo": 0, "man": 0}

    def add_file(self, kind: str, path: str) -> None:
        catalogue = kind in ("mo", "mo-msgid")
        paragraphs = _catalogue_file(kind, path) if catalogue else _man_file(path)
        if paragraphs is None:  # unreadable
            return
        source = "mo" if catalogue else "man"
        before = len(self.sentences)
        for raw in paragraphs:
            self.add_paragraph(raw, source)
        if len(self.sentences) > before:
            self.files_used[source] += 1

    def add_paragraph(self, raw: list[str], source: str) -> None:
        first = True
        for r in raw:
            c = clean_sentence(r, self.lang)
            if c is None:
                continue
            key = c.casefold()
            if key in self.seen:
                continue
            self.seen.add(key)
            if first:
                self.starts.append(len(self.sentences))
                first = False
            self.sentences.append(c)
            self.counts[source] += 1


def _catalogue_file(kind: str, path: str) -> list[list[str]] | None:
    """Paragraphs of raw sentences of a catalogue: translated msgstrs ('mo', untranslated
    entries left out) or msgids ('mo-msgid')."""
    try:
        entries = read_mo(path)
    except (OSError, struct.error):
        return None
    paragraphs: list[list[str]] = []
    for mid, mstr in entries:
        if kind == "mo" and mstr == mid:
            continue
        paragraphs.extend(catalogue_paragraphs(mstr if kind == "mo" else mid))
    return paragraphs


def _man_file(path: str) -> list[list[str]] | None:
    try:
        paras = read_man(path)
    except OSError:
        return None
    return [split_sentences(p) for p in paras]
