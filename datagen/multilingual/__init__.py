"""Realistic multilingual chat datasets from real text that Debian ships offline.

Sources (read-only, nothing is downloaded):

* gettext catalogues ``/usr/share/locale/<locale>/LC_MESSAGES/*.mo``: the msgstr of every
  translated entry (the msgid for English), read by :mod:`.mo`;
* translated man pages ``/usr/share/man/<locale>/man?/*.gz`` and, for English,
  ``/usr/share/man/man{1,5,7,8}`` less gcloud's generated pages; groff markup is stripped
  by a small parser (:mod:`.groff`, :mod:`.man`; no ``groff``/``man`` needed).

The package, by step: :mod:`.sources` lists a language's files and extracts its sentences
(split by :mod:`.sentences`, kept by :mod:`.filters`); :mod:`.corpus` caches them and
indexes them for generation; :mod:`.chat` builds the examples of one language and
:mod:`.generate` mixes languages and writes files. :mod:`.udhr` and :mod:`.postgresql`
read the permissively licensed texts that may be committed as fixtures.

Everything is deterministic: files are read in sorted order, sentences are de-duplicated
in first-seen order, and generation uses seeded ``random.Random``s. The collected
sentences are cached in ``~/.cache/curator-bench/`` (``$CURATOR_BENCH_CACHE`` overrides),
one file per language, keyed by a hash of MODULE_VERSION and the file list (path, size,
mtime), so a second run only reads the cache.

LICENCE WARNING: the text comes from GPL/LGPL/BSD/... programs and their translations.
Generated files are for local benchmarking only and must not be committed or shipped.
For fixtures that may be committed see :func:`udhr_samples` (gflanguages, Apache-2.0,
translations of the Universal Declaration of Human Rights; ``tests/data/udhr_25.json``)
and :func:`write_postgresql_fixture` (PostgreSQL's own catalogues, PostgreSQL Licence).

Main entry points: collect, labelled_examples, chat_examples, write_jsonl, labelled_texts.

CLI::

    python -m datagen.multilingual OUT.jsonl N [--seed S] [--languages en,de,ja] [--labels FILE]
"""

from __future__ import annotations

from datagen.multilingual.chat import Example, Message
from datagen.multilingual.corpus import (
    MODULE_VERSION,
    Corpus,
    collect,
    collect_paragraphs,
    forget_loaded,
    load_corpus,
)
from datagen.multilingual.filters import clean_sentence
from datagen.multilingual.generate import (
    DEFAULT_WEIGHTS,
    FULL_WEIGHT_SENTENCES,
    MIN_SENTENCES,
    available_languages,
    chat_examples,
    examples_from,
    labelled_examples,
    labelled_texts,
    language_weights,
    write_jsonl,
)
from datagen.multilingual.groff import groff_text
from datagen.multilingual.languages import (
    CHARS_PER_TOKEN,
    DEFAULT_LANGUAGES,
    LANGUAGES,
    is_non_latin,
    script_of,
)
from datagen.multilingual.man import man_paragraphs, read_man
from datagen.multilingual.mo import read_mo
from datagen.multilingual.paths import LOCALE_ROOT, MAN_ROOT
from datagen.multilingual.postgresql import (
    POSTGRESQL_LICENCE,
    postgresql_sentences,
    write_postgresql_fixture,
)
from datagen.multilingual.sentences import split_sentences
from datagen.multilingual.sources import source_files
from datagen.multilingual.udhr import (
    udhr_by_language,
    udhr_id,
    udhr_labelled_texts,
    udhr_samples,
    write_udhr_fixture,
)

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_LANGUAGES",
    "DEFAULT_WEIGHTS",
    "FULL_WEIGHT_SENTENCES",
    "LANGUAGES",
    "LOCALE_ROOT",
    "MAN_ROOT",
    "MIN_SENTENCES",
    "MODULE_VERSION",
    "POSTGRESQL_LICENCE",
    "Corpus",
    "Example",
    "Message",
    "available_languages",
    "chat_examples",
    "clean_sentence",
    "collect",
    "collect_paragraphs",
    "examples_from",
    "forget_loaded",
    "groff_text",
    "is_non_latin",
    "labelled_examples",
    "labelled_texts",
    "language_weights",
    "load_corpus",
    "man_paragraphs",
    "postgresql_sentences",
    "read_man",
    "read_mo",
    "script_of",
    "source_files",
    "split_sentences",
    "udhr_by_language",
    "udhr_id",
    "udhr_labelled_texts",
    "udhr_samples",
    "write_jsonl",
    "write_postgresql_fixture",
    "write_udhr_fixture",
]
