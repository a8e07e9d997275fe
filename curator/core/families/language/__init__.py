"""The language family: examples in a language the dataset is not meant to be in (L001), or
with too little text to tell (L002). See docs/duplicates-and-language.md.

It reads the repetition family: a text that is mostly one repeated piece ("banana" forty
times) tells no language, so it is left out of the text the language is told from; an
example with too little other text gets L002, not a verdict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from curator.core.families.language.codes import CODES
from curator.core.families.language.detect import HEAD_CHARS, detect_text, detector
from curator.core.families.language.expected import (
    expected_of,
    language_counts,
    language_findings,
)
from curator.core.families.language.settings import LanguageSettings
from curator.core.families.protocol import (
    Column,
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
    StaticConclusion,
)
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding

COLUMNS = (Column("lang", "str", ""), Column("lang_score", "float", 0.0),
           Column("lang_repeated"))  # 1: too little text once repeated texts are left out
SPOKEN = ("user", "assistant")  # the roles whose text tells the language


class LanguageCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__(COLUMNS)
        self.detect = detector(run.settings.of(LanguageSettings).language_engine)

    def row(self, ctx: RowContext) -> None:
        repeated: frozenset[str] = ctx.outputs.get("repetition") or frozenset()
        spoken = [text for role, text in ctx.texts if role in SPOKEN]
        kept = [text for text in spoken if text not in repeated] if repeated else spoken
        lang, score = detect_text(head(kept), self.detect)
        self.add(lang, score, int(not lang and len(kept) < len(spoken)))

    def summary(self, columns: dict[str, np.ndarray | list[Any]]) -> Counter[str]:
        """How many of the chunk's examples are in each language (for the majority)."""
        return language_counts(columns["lang"])


def head(texts: list[str]) -> str:
    """The texts joined by spaces, as far as :func:`detect_text` reads (the whole join of a
    long example's texts would be made only to be cut)."""
    joined, size = [], 0
    for text in texts:
        joined.append(text[:HEAD_CHARS])
        size += len(text) + 1
        if size > HEAD_CHARS:
            break
    return " ".join(joined)


class Languages(StaticConclusion):
    """The languages expected (the user's, else the file's majority at the last full check)
    and the rows in others."""

    def __init__(self, columns: Columns, wanted: tuple[str, ...],
                 summaries: Sequence[Counter[str]]) -> None:
        self.wanted = bool(wanted)
        self.expected = expected_of(sum(summaries, Counter()), wanted)  # the chunks' counts
        super().__init__(columns)

    def judge(self, columns: Columns) -> list[Finding]:
        return language_findings(columns, self.expected, self.wanted)


class Language(Family):
    name = "language"
    codes = CODES
    columns = COLUMNS
    settings = LanguageSettings
    reads = ("repetition",)
    doc = "docs/duplicates-and-language.md"

    def start(self, run: Run) -> RowCheck:
        return LanguageCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return Languages(facts.columns, facts.settings.of(LanguageSettings).lang,
                         facts.summaries)


FAMILY = Language()
