"""Examples written in a language the dataset is not meant to be in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from curator.core.families.language.names import LANGUAGE_NAMES
from curator.core.model.codes import make
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


def expected_languages(languages: Iterable[str], wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The user's languages, or else the dataset's majority language."""
    if wanted:
        return wanted
    counts = Counter(lang for lang in languages if lang)
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
    for line, lang, score, loop in zip(frame.index.tolist(), frame["lang"].tolist(),
                                       frame["lang_score"].tolist(), repeated, strict=True):
        if not lang:
            out.append(make("L002", int(line), REPEATED if loop else TOO_SHORT))
        elif lang not in expected:
            out.append(make("L001", int(line), (
                f"written in {name(lang)} (confidence {score:.2f}), not in {allowed}, "
                f"{why}; translate it, remove it, or add the language with --lang")))
    return out
