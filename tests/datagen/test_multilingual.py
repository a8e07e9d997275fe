"""datagen.multilingual without the OS's text: catalogues, man pages and the cache are made
here in tmp_path, chats are generated from corpora built in the test, and the UDHR texts
come from tests/data/udhr_25.json. What needs /usr/share/locale and /usr/share/man (sizes,
language-ID agreement, length distribution on the real text) is checked by
``python -m benchmarks.check_corpus``."""

from __future__ import annotations

import gzip
import re
import struct
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

import datagen.multilingual as ml
import datagen.multilingual.corpus as corpus_module
import datagen.multilingual.generate as generate_module
from datagen.multilingual.filters import PLACEHOLDER
from datagen.multilingual.sentences import as_sentence

UDHR = Path(__file__).resolve().parent.parent / "data" / "udhr_25.json"


def write_mo(path: Path, entries: dict[str, str], *, big_endian: bool = False,
             charset: str = "UTF-8") -> None:
    """A GNU .mo catalogue with these entries (msgctxt as "ctx\\x04id", plurals as
    "one\\x00many")."""
    items = sorted({"": f"Content-Type: text/plain; charset={charset}\n", **entries}.items())
    keys = [k.encode(charset) for k, _ in items]
    values = [v.encode(charset) for _, v in items]
    order = ">" if big_endian else "<"
    o_off = 28
    t_off = o_off + 8 * len(items)
    pos = t_off + 8 * len(items)
    table = b""
    for strings in (keys, values):
        for s in strings:
            table += struct.pack(order + "2I", len(s), pos)
            pos += len(s) + 1
    header = struct.pack(order + "7I", 0x950412DE, 0, len(items), o_off, t_off, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + table + b"".join(s + b"\0" for s in keys + values))


@pytest.fixture(autouse=True)
def _fresh_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CURATOR_BENCH_CACHE", str(tmp_path / "cache"))
    ml.forget_loaded()
    yield
    ml.forget_loaded()


# ------------------------------------------------------------------- catalogues and man pages


def test_read_mo_both_byte_orders_contexts_plurals_and_charsets(tmp_path: Path) -> None:
    entries = {"Hello": "Hallo", "ctx\x04Open": "Öffnen", "one\x00many": "eins\x00viele",
               "Empty": ""}
    expected = {"Hello": "Hallo", "Open": "Öffnen", "one": "eins"}
    for big_endian in (False, True):
        write_mo(tmp_path / "x.mo", entries, big_endian=big_endian)
        assert dict(ml.read_mo(tmp_path / "x.mo")) == expected
    write_mo(tmp_path / "l1.mo", {"Save": "Schließen"}, charset="ISO-8859-1")
    assert ml.read_mo(tmp_path / "l1.mo") == [("Save", "Schließen")]
    (tmp_path / "junk.mo").write_bytes(b"not a catalogue at all, just bytes")
    assert ml.read_mo(tmp_path / "junk.mo") == []


def test_groff_escapes() -> None:
    line = r"\fBpasswd\fR \(lqquoted\(rq caf\['e] \[u00E9]t\[u00E9] \-\-all \*(lqx\*(rq a\&b"
    assert ml.groff_text(line) == "passwd “quoted” café été --all “x” ab"
    assert ml.groff_text(r'text \" a comment') == "text "


def test_man_paragraphs_strip_groff() -> None:
    src = "\n".join([
        '.\\" comment', ".TH PASSWD 1", ".SH NAME", "passwd \\- change user password",
        ".SH SYNOPSIS", "\\fBpasswd\\fR [\\fIoptions\\fR]", ".SH DESCRIPTION",
        "The \\fBpasswd\\fR command changes passwords", "for user accounts.", ".PP",
        ".B Note:", "a normal user may only change the password for their own account.",
        ".TP", "\\fB\\-a\\fR, \\fB\\-\\-all\\fR", "This option can be used only with \\fB\\-S\\fR.",
        ".nf", "code block line", ".fi", ".TS", "table row", ".TE", ".de XX", "macro body",
        "..", ".TP", ".if !'po4a'hide' .BR \\-f \", \" \\-\\-force",
        "Force the operation\\(emno questions asked.",
    ])
    paras = ml.man_paragraphs(src)
    assert paras == [
        "passwd - change user password",
        "The passwd command changes passwords for user accounts.",
        "Note: a normal user may only change the password for their own account.",
        "This option can be used only with -S.",
        "Force the operation\u2014no questions asked.",
    ]


def test_man_paragraphs_cjk_translated_synopsis_and_mdoc() -> None:
    japanese = ".TH X 1\n.SH 説明\nパスワードを\n変更する。\n"
    assert ml.man_paragraphs(japanese) == ["パスワードを変更する。"]
    german = ".TH X 1\n.SH ÜBERSICHT\nx [Optionen]\n.SH BESCHREIBUNG\nDas Programm tut etwas.\n"
    assert ml.man_paragraphs(german) == ["Das Programm tut etwas."]
    assert ml.man_paragraphs(".Dd May 1, 2020\n.Dt X 1\n.Sh DESCRIPTION\nText here.\n") == []


def test_read_man_gzip_and_redirects(tmp_path: Path) -> None:
    page = tmp_path / "x.1.gz"
    page.write_bytes(gzip.compress(b".TH X 1\n.SH DESCRIPTION\nIt works.\n"))
    assert ml.read_man(page) == ["It works."]
    (tmp_path / "y.1").write_text(".so man1/x.1\n", encoding="utf-8")
    assert ml.read_man(tmp_path / "y.1") == []


# ------------------------------------------------------------------- sentences and cleaning


def test_split_sentences() -> None:
    assert ml.split_sentences("Das ist z. B. ein Test. Und noch einer! Wirklich? ja.") == [
        "Das ist z. B. ein Test.", "Und noch einer!", "Wirklich? ja."]
    assert ml.split_sentences("これはテストです。次の文！最後？") == [
        "これはテストです。", "次の文！", "最後？"]
    assert ml.split_sentences("The file.txt is 1.5 MB. See e.g. this.") == [
        "The file.txt is 1.5 MB.", "See e.g. this."]


def test_clean_sentence_filters() -> None:
    good = "Die Übergabe eines Arguments an accessdb setzt diese Voreinstellung außer Kraft."
    assert ml.clean_sentence(good, "de") == good
    assert ml.clean_sentence("%s: %s: %s", "de") is None  # format only
    assert ml.clean_sentence("Datei %s in %s nach %s: %s", "de") is None  # mostly placeholders
    assert ml.clean_sentence("Abbrechen", "de") is None  # too short
    assert ml.clean_sentence("<b>%s</b>", "fr") is None  # markup
    assert ml.clean_sentence("The file could not be opened for writing.", "de") is None  # English
    assert ml.clean_sentence("Это предложение написано по-русски для проверки.", "ru")
    assert ml.clean_sentence("This sentence is written in English only.", "ru") is None
    assert ml.clean_sentence("パスワードを変更できませんでした。", "ja")
    assert ml.clean_sentence("无法更改密码，请稍后再试。", "ja") is None  # no kana: Chinese
    assert ml.clean_sentence("הכלהכ תמייתסמ הניא הנתשמל היינפה", "he") is None  # reversed
    assert ml.clean_sentence("मैं यह फ़ाइल नहीं खोल सका, कृपया फिर से प्रयास करें।", "hi")
    assert ml.clean_sentence("Use --force --quiet --all --dry-run to skip it", "en") is None
    assert ml.clean_sentence("_Open the   <b>selected</b> file in a new window", "en") == (
        "Open the selected file in a new window")


def test_fragments_read_as_sentences_in_prose() -> None:
    assert as_sentence("datei nicht gefunden", "de") == "Datei nicht gefunden."
    assert as_sentence("Fertig!", "de") == "Fertig!"
    assert as_sentence("eBay öffnen und suchen", "de") == "eBay öffnen und suchen."
    assert as_sentence("ファイルが見つかりません", "ja") == "ファイルが見つかりません。"
    assert as_sentence("ไม่พบแฟ้มที่ต้องการ", "th") == "ไม่พบแฟ้มที่ต้องการ"


# ------------------------------------------------------------------- collection and the cache


GERMAN = {
    "The file could not be opened.": "Die Datei konnte nicht geöffnet werden.",
    "Open the settings dialog and change the default printer.":
        "Öffnen Sie den Einstellungsdialog und ändern Sie den Standarddrucker.",
    "This entry was never translated into German.": "This entry was never translated into German.",
    "the file could not be opened (again).": "die Datei konnte nicht geöffnet werden.",
    "First paragraph with enough words.\n\nSecond paragraph with a few more words.":
        "Erster Absatz mit genügend Wörtern.\n\nZweiter Absatz mit ein paar weiteren Wörtern.",
}


@pytest.fixture
def fake_system(tmp_path: Path) -> dict[str, Path]:
    """A locale tree and a man tree with German catalogues and pages, and English pages."""
    locale, man = tmp_path / "locale", tmp_path / "man"
    write_mo(locale / "de" / "LC_MESSAGES" / "app.mo", GERMAN)
    write_mo(locale / "de" / "LC_MESSAGES" / "iso_3166.mo",
             {"Germany": "Deutschland ist ein Land in der Mitte von Europa."})
    page = man / "de" / "man1" / "werkzeug.1.gz"
    page.parent.mkdir(parents=True)
    page.write_bytes(gzip.compress(
        b".TH WERKZEUG 1\n.SH BESCHREIBUNG\nDieses Werkzeug zeigt den Inhalt einer Datei an.\n"))
    (man / "de" / "man1" / "alias.1.gz").symlink_to(page)
    english = man / "man1" / "tool.1"
    english.parent.mkdir(parents=True)
    english.write_text(".TH TOOL 1\n.SH DESCRIPTION\nThe tool prints the contents of a file.\n",
                       encoding="utf-8")
    (man / "man1" / "gcloud_compute.1").write_text(english.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    (man / "man1" / "link.1").symlink_to(english)
    return {"locale_root": locale, "man_root": man}


def test_source_files_pick_and_skip(fake_system: dict[str, Path]) -> None:
    locale, man = fake_system["locale_root"], fake_system["man_root"]
    assert ml.source_files("de", locale, man) == [
        ("mo", str(locale / "de" / "LC_MESSAGES" / "app.mo")),
        ("man", str(man / "de" / "man1" / "alias.1.gz")),  # werkzeug.1.gz is the same page
    ]
    assert ml.source_files("en", locale, man) == [
        ("mo-msgid", str(locale / "de" / "LC_MESSAGES" / "app.mo")),
        ("man", str(man / "man1" / "tool.1")),
    ]


def test_collect_from_catalogues_and_pages(fake_system: dict[str, Path]) -> None:
    de = ml.load_corpus("de", **fake_system)
    assert de.sentences == [
        "Erster Absatz mit genügend Wörtern.",  # catalogue entries in msgid order
        "Zweiter Absatz mit ein paar weiteren Wörtern.",
        "Öffnen Sie den Einstellungsdialog und ändern Sie den Standarddrucker.",
        "Die Datei konnte nicht geöffnet werden.",  # its lower-case copy is a duplicate
        "Dieses Werkzeug zeigt den Inhalt einer Datei an.",
    ]  # the untranslated entry and the country name are not German text
    assert de.para_starts == [0, 1, 2, 3, 4]
    assert de.stats == {"sentences_by_source": {"mo": 4, "man": 1},
                        "files_by_source": {"mo": 1, "man": 1}, "files": 2}
    en = ml.load_corpus("en", **fake_system)
    assert "This entry was never translated into German." in en.sentences
    assert en.sentences[-1] == "The tool prints the contents of a file."
    assert en.stats["files_by_source"] == {"mo": 1, "man": 1}


def test_cache_is_read_until_a_source_file_changes(
        fake_system: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ml.load_corpus("de", **fake_system).sentences
    assert len(list((tmp_path / "cache").glob("multilingual-de-*.json"))) == 1
    ml.forget_loaded()

    def no_extraction(*args: Any) -> None:
        raise AssertionError("extracted again although the cache is valid")

    with monkeypatch.context() as patch:
        patch.setattr(corpus_module, "extract", no_extraction)
        assert ml.load_corpus("de", **fake_system).sentences == first
    ml.forget_loaded()
    write_mo(fake_system["locale_root"] / "de" / "LC_MESSAGES" / "app.mo",
             {**GERMAN, "Another entry for the test.": "Ein weiterer Eintrag für den Test."})
    again = ml.load_corpus("de", **fake_system).sentences
    assert "Ein weiterer Eintrag für den Test." in again
    assert len(list((tmp_path / "cache").glob("multilingual-de-*.json"))) == 2


def test_postgresql_sentences_only_from_postgresql_catalogues(
        fake_system: dict[str, Path]) -> None:
    locale = fake_system["locale_root"]
    write_mo(locale / "de" / "LC_MESSAGES" / "postgres-15.mo",
             {"could not open the relation for reading":
              "Die Relation konnte nicht zum Lesen geöffnet werden."})
    got = ml.postgresql_sentences(("de", "ja"), locale_root=locale)
    assert got == {"de": ["Die Relation konnte nicht zum Lesen geöffnet werden."], "ja": []}


# ------------------------------------------------------------------- generation


def english_corpus(n: int = 600) -> ml.Corpus:
    """Sentences tagged s<i>: statements, fragments (lower case, no stop), questions and
    sentences with placeholders, in paragraphs of five."""
    kinds = ("The {} report number s{} was saved in the archive folder.",
             "remove the cached {} file s{} before the next run",
             "Should the {} service s{} restart after an update?",
             "Could not open %s while reading the {} file s{}.")
    nouns = ("network", "printer", "backup", "calendar", "account")
    sents = [kinds[i % 4].format(nouns[i % 5], i) for i in range(n)]
    return ml.Corpus("en", {"s": sents, "p": list(range(0, n, 5))})


def japanese_corpus(n: int = 400) -> ml.Corpus:
    sents = [f"ファイル{i}を開けませんでした" if i % 2 else f"設定{i}を保存しました。"
             for i in range(n)]
    return ml.Corpus("ja", {"s": sents, "p": list(range(0, n, 4))})


def test_corpus_indexes_for_generation() -> None:
    c = english_corpus(20)
    assert len(c.plain) == 15 and not any("%s" in s for s in c.plain)
    assert [c.plain[i] for i in c.questions] == [s for s in c.plain if s.endswith("?")]
    assert c.prose[1] == "Remove the cached printer file s1 before the next run."
    assert sorted(c.plain_breaks) == [0, 4, 8, 12]  # where paragraphs 0, 5, 10, 15 begin


def test_examples_are_valid_chats_in_one_language() -> None:
    pairs = list(ml.examples_from([english_corpus(), japanese_corpus()], 400, seed=1))
    shapes = Counter((ex["messages"][0]["role"], len(ex["messages"])) for _, ex in pairs)
    assert set(shapes) == {("system", 3), ("system", 5), ("user", 2), ("user", 4)}
    for lang, ex in pairs:
        roles = [m["role"] for m in ex["messages"] if m["role"] != "system"]
        assert roles in (["user", "assistant"], ["user", "assistant"] * 2)
        for m in ex["messages"]:
            assert m["content"] and m["content"] == m["content"].strip()
            assert not PLACEHOLDER.search(m["content"])
            assert bool(re.search("[ぁ-ヿ]", m["content"])) == (lang == "ja")


def test_messages_are_made_of_corpus_sentences() -> None:
    corpus = english_corpus()
    for _, ex in ml.examples_from([corpus], 150, seed=2):
        for m in ex["messages"]:
            rest = m["content"]
            for i in sorted(map(int, re.findall(r"s(\d+)", m["content"])), reverse=True):
                j = corpus.plain.index(corpus.sentences[i])
                rest = rest.replace(corpus.prose[j], "").replace(corpus.plain[j], "")
            assert re.fullmatch(r"[\s\-*\u2022\d.]*", rest), rest


def test_same_seed_same_examples() -> None:
    corpora = [english_corpus(), japanese_corpus()]
    first = list(ml.examples_from(corpora, 200, seed=3))
    assert first == list(ml.examples_from(corpora, 200, seed=3))
    assert first[:50] == list(ml.examples_from(corpora, 50, seed=3))
    assert first != list(ml.examples_from(corpora, 200, seed=4))


def test_prompts_rarely_repeat_once_every_sentence_led_one() -> None:
    small = english_corpus(400)  # 200 statements lead the 1,000 examples' prompts
    prompts = [next(m["content"] for m in ex["messages"] if m["role"] == "user")
               for _, ex in ml.examples_from([small], 1000, seed=7)]
    assert len(prompts) - len(set(prompts)) <= 5


def test_languages_are_mixed_by_weight_and_size() -> None:
    corpora = [english_corpus(), japanese_corpus()]
    weights = generate_module.corpus_weights(corpora)
    assert weights == pytest.approx({"en": 4.0 * 450 / 4000, "ja": 1.0 * 400 / 4000})
    counts = Counter(lang for lang, _ in ml.examples_from(corpora, 2000, seed=5))
    assert counts["en"] / 2000 == pytest.approx(weights["en"] / sum(weights.values()), abs=0.04)
    heavy = Counter(lang for lang, _ in ml.examples_from(corpora, 2000, seed=5,
                                                         weights={"ja": 8.0}))
    assert heavy["ja"] > 2 * counts["ja"]


def test_write_jsonl_writes_the_examples_and_their_labels(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpora = [english_corpus(), japanese_corpus()]

    def examples(n: int, seed: int, languages: Any) -> Iterator[tuple[str, ml.Example]]:
        return ml.examples_from(corpora, n, seed)

    monkeypatch.setattr(generate_module, "labelled_examples", examples)
    out, labels = tmp_path / "out.jsonl", tmp_path / "labels.txt"
    counts = ml.write_jsonl(out, 2100, seed=6, labels_path=labels)  # more than one batch
    expected = list(ml.examples_from(corpora, 2100, seed=6))
    assert [orjson.loads(line) for line in out.read_bytes().splitlines()] == [
        ex for _, ex in expected]
    assert labels.read_text(encoding="ascii").split("\n") == [lang for lang, _ in expected] + [""]
    assert counts == dict(Counter(lang for lang, _ in expected))


# ------------------------------------------------------------------- permissive fixtures


def test_udhr_fixture_texts() -> None:
    by_lang = ml.udhr_by_language(UDHR)
    assert set(by_lang) == set(ml.DEFAULT_LANGUAGES)
    assert any("human" in p.lower() for p in by_lang["en"])
    texts = ml.udhr_labelled_texts(UDHR)
    assert {lang for lang, _ in texts} == set(ml.DEFAULT_LANGUAGES)
    assert all(100 <= len(t) <= 400 for _, t in texts)
    assert len(texts) == 153
    assert ml.udhr_id("zh") == "zh_Hans" and ml.udhr_id("ru") == "ru_Cyrl"


def test_udhr_fixture_rewrites_to_the_same_bytes(tmp_path: Path) -> None:
    ml.write_udhr_fixture(tmp_path / "again.json", source=UDHR)
    assert (tmp_path / "again.json").read_bytes() == UDHR.read_bytes()


def test_udhr_samples_from_textproto_files(tmp_path: Path) -> None:
    (tmp_path / "xx_Latn.textproto").write_text(
        'id: "xx_Latn"\nsample_text {\n'
        '  styles: "Alle Menschen sind frei und gleich"\n'
        '  tester: "Alle Menschen sind frei und gleich an \\"Würde\\"."\n'
        '  specimen_48: "Alle Menschen sind frei"\n'
        '  specimen_16: "Erster Absatz steht hier.\\nAlle Menschen sind frei und gleich an '
        'Rechten."\n}\n', encoding="utf-8")
    (tmp_path / "yy_Latn.textproto").write_text('id: "yy_Latn"\n', encoding="utf-8")
    got = ml.udhr_samples(tmp_path)
    assert got == {"xx_Latn": ["Erster Absatz steht hier.",
                               "Alle Menschen sind frei und gleich an Rechten.",
                               'Alle Menschen sind frei und gleich an "Würde".']}
