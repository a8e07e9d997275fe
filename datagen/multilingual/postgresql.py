"""Permissively licensed real sentences: PostgreSQL's own message catalogues (PostgreSQL
Licence), unlike most other catalogues on the machine."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

from datagen.multilingual.filters import PLACEHOLDER
from datagen.multilingual.languages import DEFAULT_LANGUAGES
from datagen.multilingual.paths import LOCALE_ROOT, StrPath
from datagen.multilingual.sources import catalogue_files, extract

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
        files = [(k, p) for k, p in catalogue_files(lang, Path(locale_root))
                 if _PG_CATALOGUE.match(Path(p).name)]
        out[lang] = extract(lang, files)["s"]
    return out


def write_postgresql_fixture(path: StrPath, per_language: int = 800, seed: int = 0,
                             languages: Iterable[str] = DEFAULT_LANGUAGES) -> int:
    """A committable fixture: up to ``per_language`` PostgreSQL sentences per language
    (placeholder-free, seeded sample kept in source order) with the licence notice.
    Returns bytes written."""
    texts: dict[str, list[str]] = {}
    for lang, sents in postgresql_sentences(languages).items():
        plain = [x for x in sents if not PLACEHOLDER.search(x)]
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
