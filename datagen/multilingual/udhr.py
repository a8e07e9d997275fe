"""Permissively licensed real text: the Universal Declaration of Human Rights samples of
gflanguages (Google Fonts language metadata, Apache-2.0), read from the installed package,
its wheel, its data directory or a fixture written by :func:`write_udhr_fixture`.

The textproto files are parsed here, so protobuf is not needed."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from datagen.multilingual.languages import DEFAULT_LANGUAGES, joiner, script_of
from datagen.multilingual.paths import StrPath
from datagen.multilingual.sentences import cut_at_word, split_sentences

UDHR_SOURCE = "gflanguages (https://github.com/googlefonts/lang), sample_text fields"
UDHR_LICENCE = ("Apache-2.0 (gflanguages); texts: Universal Declaration of Human Rights "
                "translations, freely reproducible (OHCHR)")

_GF_FIELDS = ("specimen_16", "specimen_21", "specimen_32", "specimen_36", "specimen_48",
              "tester", "styles")
_GF_FIELD_RE = re.compile(r'^\s*(\w+):\s*"((?:[^"\\]|\\.)*)"\s*$', re.M)
_TP_ESC = re.compile(r"\\(.)")
_TP_ESCAPES = {"n": "\n", "t": "\t"}
_TEXTPROTO = ".textproto"
# gflanguages id for each ISO 639-1 code used here that is not "<code>_<script>"
_GF_IDS = {"zh": "zh_Hans", "ja": "ja_Jpan", "ko": "ko_Kore", "sr": "sr_Cyrl"}
_ISO15924 = {"Latin": "Latn", "Cyrillic": "Cyrl", "Greek": "Grek", "Arabic": "Arab",
             "Hebrew": "Hebr", "Devanagari": "Deva", "Bengali": "Beng", "Tamil": "Taml",
             "Thai": "Thai", "Georgian": "Geor", "Han": "Hans", "Hangul": "Kore",
             "Japanese": "Jpan"}


def udhr_id(lang: str) -> str:
    """gflanguages id (e.g. 'ru_Cyrl') of an ISO 639-1 code of this package."""
    return _GF_IDS.get(lang) or f"{lang}_{_ISO15924[script_of(lang)]}"


def udhr_samples(source: StrPath | None = None,
                 ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """UDHR sample paragraphs per gflanguages id (e.g. 'ru_Cyrl', 'zh_Hans'), de-duplicated.

    ``source``: installed package (None), a gflanguages wheel, its data directory, or a
    JSON fixture written by :func:`write_udhr_fixture`. The package is Apache-2.0; the
    texts are translations of the Universal Declaration of Human Rights, which the UN lets
    anyone reproduce. Small enough to ship as a fixture.
    """
    wanted = set(ids) if ids is not None else None
    if source is not None and Path(source).suffix == ".json":
        texts: dict[str, list[str]] = json.loads(Path(source).read_text(encoding="utf-8"))["texts"]
        return {gid: paras for gid, paras in texts.items() if wanted is None or gid in wanted}
    out: dict[str, list[str]] = {}
    for name, text in _iter_gflanguages(source):
        gid = name[: -len(_TEXTPROTO)]
        if wanted is not None and gid not in wanted:
            continue
        paras = _sample_paragraphs(text)
        if paras:
            out[gid] = paras
    return out


def udhr_by_language(source: StrPath | None = None,
                     languages: Iterable[str] = DEFAULT_LANGUAGES) -> dict[str, list[str]]:
    """udhr_samples keyed by the ISO 639-1 codes used in this package."""
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
        sep = joiner(lang)
        buf = ""
        for sent in (s for para in paras for s in split_sentences(para)):
            buf = buf + sep + sent if buf else sent
            if len(buf) >= min_chars:
                out.append((lang, buf if len(buf) <= max_chars
                            else cut_at_word(buf, max_chars, sep)))
                buf = ""
    return out


def write_udhr_fixture(path: StrPath, source: StrPath | None = None,
                       ids: Iterable[str] | None = None) -> int:
    """Write {"licence": ..., "texts": {id: [paragraphs]}} as JSON; returns bytes written.
    ``ids``: gflanguages ids (see udhr_id), default all (~750 languages, ~1 MB)."""
    doc = {"source": UDHR_SOURCE, "licence": UDHR_LICENCE, "texts": udhr_samples(source, ids)}
    data = json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True).encode() + b"\n"
    Path(path).write_bytes(data)
    return len(data)


def _iter_gflanguages(source: StrPath | None) -> Iterator[tuple[str, str]]:
    """(file name, text) of each languages/*.textproto of gflanguages, in name order: from
    an installed package, a wheel (.whl), or a directory holding the textproto files."""
    src = _installed_gflanguages() if source is None else Path(source)
    if src.is_file() and zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            for name in sorted(z.namelist()):
                if "/data/languages/" in name and name.endswith(_TEXTPROTO):
                    yield name.rsplit("/", 1)[1], z.read(name).decode("utf-8")
        return
    if (src / "data" / "languages").is_dir():
        src = src / "data" / "languages"
    elif (src / "gflanguages" / "data" / "languages").is_dir():
        src = src / "gflanguages" / "data" / "languages"
    for p in sorted(src.glob("*" + _TEXTPROTO)):
        yield p.name, p.read_text(encoding="utf-8")


def _installed_gflanguages() -> Path:
    spec = importlib.util.find_spec("gflanguages")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("gflanguages is not installed; pass its wheel or data dir")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "languages"


def _tp_unescape(s: str) -> str:
    return _TP_ESC.sub(lambda m: _TP_ESCAPES.get(m.group(1), m.group(1)), s)


def _sample_paragraphs(textproto: str) -> list[str]:
    """The paragraphs of a language's sample_text fields, in order of first appearance;
    a paragraph that another one contains (a shorter specimen) is left out."""
    if "sample_text" not in textproto:
        return []
    fields = dict(_GF_FIELD_RE.findall(textproto[textproto.index("sample_text"):]))
    kept = _longest_paragraphs(fields)
    paras: list[str] = []
    for para in _field_paragraphs(fields):
        if para in kept and para not in paras:
            paras.append(para)
    return paras


def _field_paragraphs(fields: dict[str, str]) -> Iterator[str]:
    for f in _GF_FIELDS:
        for para in _tp_unescape(fields.get(f, "")).split("\n"):
            yield para.strip()


def _longest_paragraphs(fields: dict[str, str]) -> set[str]:
    kept: set[str] = set()
    for para in _field_paragraphs(fields):
        if len(para) < 20 or any(para in s for s in kept):
            continue
        for s in list(kept):  # drop shorter prefixes already kept
            if s in para:
                kept.discard(s)
        kept.add(para)
    return kept
