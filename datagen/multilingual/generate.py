"""Seeded multilingual chat data sets and language-labelled texts from the corpora."""

from __future__ import annotations

import bisect
import contextlib
import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import orjson

from datagen.multilingual.chat import ChatBuilder, Example
from datagen.multilingual.corpus import Corpus, load_corpus
from datagen.multilingual.languages import DEFAULT_LANGUAGES
from datagen.multilingual.paths import StrPath
from datagen.multilingual.sentences import cut_at_word

# Relative share of examples per language (others 1.0): English-heavy like real data sets.
# A language with fewer than FULL_WEIGHT_SENTENCES sentences gets a proportionally smaller
# share, so that its few sentences are not repeated too often.
DEFAULT_WEIGHTS: dict[str, float] = {"en": 4.0}
FULL_WEIGHT_SENTENCES = 4000
MIN_SENTENCES = 200  # a language with fewer usable sentences is left out of generation
_BATCH = 2000  # lines written at a time


def available_languages(languages: Iterable[str] = DEFAULT_LANGUAGES) -> list[str]:
    """The languages that have enough text on this machine to generate from."""
    return [lang for lang in languages if len(load_corpus(lang).plain) >= MIN_SENTENCES]


def language_weights(languages: Sequence[str] = DEFAULT_LANGUAGES,
                     weights: dict[str, float] | None = None) -> dict[str, float]:
    """Relative share of each language in generated data (see DEFAULT_WEIGHTS)."""
    return corpus_weights([load_corpus(lang) for lang in languages], weights)


def corpus_weights(corpora: Iterable[Corpus],
                   weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """:func:`language_weights` of corpora at hand."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    return {c.lang: float(w.get(c.lang, 1.0)) * min(1.0, len(c.plain) / FULL_WEIGHT_SENTENCES)
            for c in corpora}


def labelled_examples(n: int, seed: int = 0, languages: Sequence[str] = DEFAULT_LANGUAGES,
                      weights: dict[str, float] | None = None) -> Iterator[tuple[str, Example]]:
    """n (language, {"messages": [...]}) pairs; all text of an example is in that language.

    Languages without text on this machine are left out (see :func:`available_languages`).
    """
    langs = available_languages(languages)
    if not langs:
        raise RuntimeError("no language has text on this machine")
    yield from examples_from([load_corpus(lang) for lang in langs], n, seed, weights)


def examples_from(corpora: Sequence[Corpus], n: int, seed: int = 0,
                  weights: Mapping[str, float] | None = None) -> Iterator[tuple[str, Example]]:
    """:func:`labelled_examples` from corpora at hand (each with some sentences), in the
    order given: one Random picks the language of each example, one per language
    (seeded ``f"{seed}:{lang}"``) builds it."""
    langs = [c.lang for c in corpora]
    if not langs:
        raise ValueError("no corpus to generate from")
    rng = random.Random(seed)
    builders = {c.lang: ChatBuilder(c, random.Random(f"{seed}:{c.lang}")) for c in corpora}
    lw = corpus_weights(corpora, weights)
    cum = list(itertools.accumulate(lw[lang] for lang in langs))
    total = cum[-1]
    for _ in range(n):
        lang = langs[bisect.bisect_right(cum, rng.random() * total)]
        yield lang, builders[lang].example()


def chat_examples(n: int, seed: int = 0, languages: Sequence[str] = DEFAULT_LANGUAGES,
                  weights: dict[str, float] | None = None) -> Iterator[Example]:
    """The examples of :func:`labelled_examples` without their labels."""
    for _, ex in labelled_examples(n, seed, languages, weights):
        yield ex


def write_jsonl(path: StrPath, n: int, seed: int = 0,
                languages: Sequence[str] = DEFAULT_LANGUAGES,
                labels_path: StrPath | None = None) -> dict[str, int]:
    """Write n examples, one JSON object per line; optionally the language of each line
    (one code a line) to ``labels_path``. Returns examples per language."""
    counts: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(Path(path).open("wb"))
        labels = (stack.enter_context(Path(labels_path).open("w", encoding="ascii"))
                  if labels_path else None)
        pairs = labelled_examples(n, seed, languages)
        while batch := list(itertools.islice(pairs, _BATCH)):
            out.write(b"\n".join(orjson.dumps(ex) for _, ex in batch) + b"\n")
            if labels:
                labels.write("\n".join(lang for lang, _ in batch) + "\n")
            for lang, _ in batch:
                counts[lang] = counts.get(lang, 0) + 1
    return counts


def labelled_texts(per_language: int = 300, seed: int = 0,
                   languages: Sequence[str] = DEFAULT_LANGUAGES,
                   min_chars: int = 100, max_chars: int = 400) -> list[tuple[str, str]]:
    """(lang, text) pairs of min_chars..max_chars characters, distinct, for measuring
    language-detection accuracy. Fewer than per_language when a language has little text."""
    out: list[tuple[str, str]] = []
    for lang in languages:
        c = load_corpus(lang)
        if len(c.plain) < MIN_SENTENCES:
            continue
        builder = ChatBuilder(c, random.Random(f"texts:{seed}:{lang}"))
        out.extend((lang, text) for text in _distinct_texts(builder, per_language,
                                                            min_chars, max_chars))
    return out


def _distinct_texts(builder: ChatBuilder, count: int, min_chars: int,
                    max_chars: int) -> list[str]:
    """Up to ``count`` distinct texts (20 tries each at most)."""
    texts: list[str] = []
    seen: set[str] = set()
    tries = 0
    while len(seen) < count and tries < count * 20:
        tries += 1
        text = _text(builder, min_chars, max_chars)
        if len(text) < min_chars or text in seen:
            continue
        seen.add(text)
        texts.append(text)
    return texts


def _text(builder: ChatBuilder, min_chars: int, max_chars: int) -> str:
    """Runs of sentences until min_chars, cut to max_chars at a word."""
    parts: list[str] = []
    length = 0
    while length < min_chars:
        for s in builder.run(3):
            parts.append(s)
            length += len(s) + len(builder.sep)
    text = builder.sep.join(parts)
    if len(text) > max_chars:
        text = cut_at_word(text, max_chars, builder.sep)
    return text
