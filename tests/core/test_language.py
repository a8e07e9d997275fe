from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.language import head
from curator.core.families.language.detect import HEAD_CHARS, detect_language
from datagen.synth import chat_lines, foreign_example

ONLY = ("language",)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    lines = list(chat_lines(60, seed=8))
    lines.insert(10, orjson.dumps(foreign_example("de")))
    lines.insert(20, orjson.dumps(foreign_example("fr")))
    lines.insert(30, orjson.dumps({"messages": [{"role": "user", "content": "ok?"},
                                                {"role": "assistant", "content": "Yes."}]}))
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("engine", ["fasttext", "langdetect"])
def test_other_languages_are_flagged_against_the_majority(mixed: Path, engine: str) -> None:
    options = default_settings(language_engine=engine)
    analysis = finish(validate_path(mixed, options, only=ONLY))
    got = {(f.line, f.code) for f in analysis.report.findings}
    assert got == {(11, "L001"), (21, "L001"), (31, "L002")}
    assert analysis.conclusions["language"].expected == ("en",)  # type: ignore[attr-defined]
    assert "German (de)" in next(f.message for f in analysis.report.findings if f.line == 11)


def test_expected_languages_can_be_given(mixed: Path) -> None:
    options = default_settings(lang=("en", "de"))
    got = {(f.line, f.code) for f in finish(validate_path(mixed, options, only=ONLY)
                                            ).report.findings}
    assert got == {(21, "L001"), (31, "L002")}


@pytest.mark.parametrize("engine", ["fasttext", "langdetect"])
def test_same_text_same_answer_offline(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    text = "Je voudrais changer l'adresse de livraison de ma commande, s'il vous plaît."
    answers = {detect_language(text, engine) for _ in range(5)}
    assert len(answers) == 1 and next(iter(answers))[0] == "fr"


def test_every_language_either_detector_tells_has_a_name() -> None:
    from fasttext.FastText import _FastText

    from curator.core.families.language.detect import _profiles, lid_model_path
    from curator.core.families.language.expected import language_name

    predict = _FastText(model_path=str(lid_model_path())).f.predict
    labels = {label[9:] for _, label in predict("hello world\n", -1, 0.0, "replace")}
    codes = labels | {path.name for path in Path(_profiles()).iterdir()}
    assert len(labels) > 150
    unnamed = sorted(code for code in codes if language_name(code) == f"{code} ({code})")
    assert not unnamed  # "written in he (he)" named no language
    assert language_name("he") == "Hebrew (he)"


@given(st.lists(st.text(max_size=400), max_size=6))
def test_the_head_of_the_texts_is_what_detection_reads_of_them_all(texts: list[str]) -> None:
    """The language is told from the start of the texts joined: only that start is made."""
    assert head(texts)[:HEAD_CHARS] == " ".join(texts)[:HEAD_CHARS]
    assert len(head(texts)) <= (HEAD_CHARS + 1) * 2
