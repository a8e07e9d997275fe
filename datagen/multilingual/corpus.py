"""A language's collected sentences, cached on disk, and the indexes generation uses."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from datagen.multilingual.filters import PLACEHOLDER
from datagen.multilingual.languages import DEFAULT_LANGUAGES, LANGUAGES, joiner
from datagen.multilingual.paths import LOCALE_ROOT, MAN_ROOT, cache_dir
from datagen.multilingual.sentences import as_sentence, is_question
from datagen.multilingual.sources import Source, extract, source_files

# Part of the cache key: bump it whenever the extraction (parsing, cleaning) changes.
MODULE_VERSION = "1.1"


class Corpus:
    """Collected sentences of one language.

    ``sentences``: cleaned sentences in source order (what :func:`collect` returns);
    ``para_starts``: indices where a source paragraph begins.
    For generation, ``plain`` holds the sentences without placeholders (%s, {0}, <file>),
    ``prose`` the same made to read as sentences (see :func:`as_sentence`),
    ``plain_breaks`` the positions in ``plain`` where a source paragraph begins,
    ``questions`` positions in ``plain`` of sentences that end with a question mark.
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
        self.plain: list[str] = []
        self.prose: list[str] = []
        self.questions: list[int] = []
        self.plain_breaks = frozenset(self._index())
        self.stats = {k: v for k, v in data.items() if k not in ("s", "p")}

    def _index(self) -> set[int]:
        """Fill plain, prose and questions; return the paragraph breaks in ``plain``.
        Sentences that read the same in prose ("foo" and "foo.") are kept once."""
        pstarts = set(self.para_starts)
        breaks: set[int] = set()
        pending_break = False
        seen_prose: set[str] = set()
        for i, sent in enumerate(self.sentences):
            if i in pstarts:
                pending_break = True
            if PLACEHOLDER.search(sent):
                continue
            prose = as_sentence(sent, self.lang)
            if prose in seen_prose:
                continue
            seen_prose.add(prose)
            j = len(self.plain)
            if pending_break:
                breaks.add(j)
                pending_break = False
            if is_question(sent, self.lang):
                self.questions.append(j)
            self.plain.append(sent)
            self.prose.append(prose)
        return breaks


_MEMO: dict[tuple[str, str], Corpus] = {}


def forget_loaded() -> None:
    """Drop the corpora held in memory, so the next load reads the cache (or the OS) again."""
    _MEMO.clear()


def load_corpus(lang: str, *, use_cache: bool = True, locale_root: Path = LOCALE_ROOT,
                man_root: Path = MAN_ROOT) -> Corpus:
    """The sentences of ``lang``: from memory, else the cache when its key (this module's
    version and every source file's path, size and mtime) matches, else read from the OS
    files (and cached)."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; known: {sorted(LANGUAGES)}")
    memo_key = (lang, f"{locale_root}\0{man_root}\0{use_cache}")
    if memo_key in _MEMO:  # listing the files again is slow (man1 has ~18,000 entries)
        return _MEMO[memo_key]
    files = source_files(lang, Path(locale_root), Path(man_root))
    cache_file = cache_dir() / f"multilingual-{lang}-{cache_key(lang, files)}.json"
    data = _read_cache(cache_file) if use_cache else None
    if data is None:
        data = extract(lang, files)
        data["files"] = len(files)
        if use_cache:
            _write_cache(cache_file, data)
    corpus = Corpus(lang, data)
    _MEMO[memo_key] = corpus
    return corpus


def cache_key(lang: str, files: list[Source]) -> str:
    h = hashlib.sha256()
    h.update(f"{MODULE_VERSION}\0{lang}\0".encode())
    for kind, p in files:
        try:
            st = Path(p).stat()
            h.update(f"{kind}\0{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{kind}\0{p}\0missing\n".encode())
    return h.hexdigest()[:20]


def _read_cache(cache_file: Path) -> dict[str, Any] | None:
    if not cache_file.is_file():
        return None
    try:
        data: dict[str, Any] = orjson.loads(cache_file.read_bytes())
    except (OSError, ValueError):
        return None
    return data


def _write_cache(cache_file: Path, data: dict[str, Any]) -> None:
    """Write through a temporary file, so a reader never sees half a cache; a cache that
    cannot be written is not an error."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(orjson.dumps(data))
        tmp.replace(cache_file)
    except OSError:
        pass


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
        sep = joiner(lang)
        bounds = [*c.para_starts, len(c.sentences)]
        out[lang] = [sep.join(c.sentences[a:b]) for a, b in itertools.pairwise(bounds) if b > a]
    return out
