"""Examples written in a language the dataset is not meant to be in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from curator.core.families.language.names import LANGUAGE_NAMES
from curator.core.model.codes import CODES
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding

TOO_SHORT = ("too little text to tell its language (fewer than 40 letters in the user and "
             "assistant messages)")
REPEATED = ("too little distinct text to tell its language: a message that is mostly one "
            "repeated piece tells none (see its R001/R002), and the rest has fewer than 40 "
            "letters")


def name(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})" if code else "unknown"


language_name = name


def language_counts(languages: Iterable[str]) -> Counter[str]:
    """How many examples are in each language told (a chunk's summary; merged by adding)."""
    return Counter(lang for lang in languages if lang)


def expected_of(counts: Counter[str], wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The user's languages, or else the dataset's majority language (from the counts of
    each language: :func:`language_counts`, of chunks merged by adding)."""
    if wanted:
        return wanted
    if not counts:
        return ()
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "en", kv[0]))
    return (best[0],)


def language_findings(frame: Columns, expected: tuple[str, ...], wanted: bool
                      ) -> list[Finding]:
    """L001/L002 for the rows of ``frame`` (keyed by line), given the expected languages;
    ``wanted`` says they are the user's, not the file's majority."""
    out: list[Finding] = []
    if not expected:
        return out
    why = "the languages you asked for" if wanted else "the majority language of this file"
    allowed = ", ".join(name(code) for code in expected)
    repeated = frame["lang_repeated"].tolist() if "lang_repeated" in frame else (
        [0] * len(frame))
    # a file in another language than expected has a finding on most rows (83,000 of
    # 100,000): each message's fixed parts are made once per language, not per row
    tail = f"not in {allowed}, {why}; translate it, remove it, or add the language with --lang"
    heads: dict[str, str] = {}
    unknown, other = CODES["L002"], CODES["L001"]
    too_short = (unknown.code, unknown.check, unknown.severity)
    elsewhere = (other.code, other.check, other.severity)
    for line, lang, score, loop in zip(frame.index.tolist(), frame["lang"].tolist(),
                                       frame["lang_score"].tolist(), repeated, strict=True):
        if not lang:
            out.append(Finding(line, *too_short, REPEATED if loop else TOO_SHORT))
        elif lang not in expected:
            head = heads.get(lang)
            if head is None:
                head = heads[lang] = f"written in {name(lang)} (confidence "
            out.append(Finding(line, *elsewhere, f"{head}{score:.2f}), {tail}"))
    return out
