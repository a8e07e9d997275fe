"""Examples written in a language the dataset is not meant to be in."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from curator.core.model.codes import make
from curator.core.model.findings import Finding

LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "ja": "Japanese",
    "zh": "Chinese", "ko": "Korean", "tr": "Turkish", "sv": "Swedish", "ar": "Arabic",
}


def name(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})" if code else "unknown"


def expected_languages(languages: pd.Series, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The user's languages, or else the dataset's majority language."""
    if wanted:
        return wanted
    counts = Counter(lang for lang in languages if lang)
    if not counts:
        return ()
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "en", kv[0]))
    return (best[0],)


def check_languages(frame: pd.DataFrame, wanted: tuple[str, ...],
                    expected: tuple[str, ...] | None = None
                    ) -> tuple[list[Finding], tuple[str, ...]]:
    """Findings, and the languages expected: ``wanted``, else ``expected`` (the file's
    majority from its last full check, when one row is re-checked), else this frame's."""
    if expected is None or wanted:
        expected = expected_languages(frame["lang"], wanted)
    out: list[Finding] = []
    if not expected:
        return out, expected
    why = "the languages you asked for" if wanted else "the majority language of this file"
    allowed = ", ".join(name(code) for code in expected)
    for line, lang, score in zip(frame["line"], frame["lang"], frame["lang_score"], strict=True):
        if not lang:
            out.append(make("L002", int(line), (
                "too little text to tell its language (fewer than 40 letters in the user and "
                "assistant messages)")))
        elif lang not in expected:
            out.append(make("L001", int(line), (
                f"written in {name(lang)} (confidence {score:.2f}), not in {allowed}, "
                f"{why}; translate it, remove it, or add the language with --lang")))
    return out, expected
