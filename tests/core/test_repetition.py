"""The repetition family: degenerate replies are found, natural repetition is not, the
finding names the piece and marks its first repeat, and a degenerate text tells no language."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.repetition.measure import MAX_CHARS, measure, suspect
from curator.core.model.findings import Finding
from datagen.repeats import ANSWER, DEGENERATE, NATURAL
from datagen.synth import chat_lines

UDHR = json.loads((Path(__file__).parents[1] / "data" / "udhr_25.json").read_text(
    encoding="utf-8"))["texts"]


def chat(reply: str, question: str = "Can you help me with this?") -> bytes:
    return orjson.dumps({"messages": [{"role": "user", "content": question},
                                      {"role": "assistant", "content": reply}]})


def check(tmp_path: Path, planted: list[bytes]) -> list[Finding]:
    """Validate 30 synthetic chats with the planted ones after them."""
    path = tmp_path / "planted.jsonl"
    path.write_bytes(b"\n".join([*chat_lines(30, seed=4), *planted]) + b"\n")
    return finish(validate_path(path, default_settings(workers=1))).report.findings


@pytest.mark.parametrize("kind", sorted(DEGENERATE))
def test_every_kind_of_degenerate_reply_is_found(kind: str) -> None:
    text = DEGENERATE[kind]
    assert suspect(text), "the cheap test must let it through"
    found = measure(text)
    assert found is not None
    start, end = found.span
    assert text[start:end] == found.piece  # the span marks the piece's first repeat
    assert text.find(found.piece) < start  # ...which comes after its first occurrence
    assert found.count >= 2


def test_the_finding_names_the_piece_and_how_often() -> None:
    one = measure(DEGENERATE["one sentence"])
    assert one is not None and (one.code, one.piece, one.count) == ("R001", "Eat a banana!",
                                                                    2000)
    assert one.span == (14, 27)  # the first repeat, though a long text is measured at its end
    word = measure(DEGENERATE["one word"])
    assert word is not None and (word.piece, word.count, word.share) == ("banana", 40, 1.0)
    tail = measure(DEGENERATE["a loop that ends the reply"])
    assert tail is not None and tail.piece == "Paris is a beautiful city."
    assert 0.5 < tail.share < 0.7  # the answer before the loop is not part of it
    listed = measure(DEGENERATE["a list that runs on"])
    assert listed is not None and listed.piece == "Drink more water every day."
    spread = measure(DEGENERATE["one sentence in every other line"])
    assert spread is not None and spread.code == "R002"
    assert "Remember to always check the manual first" in spread.piece


def test_a_list_that_runs_on_is_found_before_a_closing_line() -> None:
    found = measure(DEGENERATE["a list that runs on"] + "\nI hope these tips help you!")
    assert found is not None and found.code == "R001"
    assert suspect(DEGENERATE["a list that runs on"] + "\nI hope these tips help you!")


@pytest.mark.parametrize("kind", sorted(NATURAL))
def test_natural_repetition_is_not_flagged(kind: str) -> None:
    assert measure(NATURAL[kind]) is None


@pytest.mark.parametrize("language", sorted(UDHR))
def test_real_text_in_many_scripts_is_not_flagged(language: str) -> None:
    sentences = UDHR[language]
    for joined in (" ".join(sentences), "\n".join(sentences), "\n\n".join(sentences),
                   "\n".join(f"{i}. {s}" for i, s in enumerate(sentences, 1))):
        assert measure(joined) is None, joined[:80]


def test_the_cheap_test_passes_most_clean_text() -> None:
    texts = [t for sentences in UDHR.values() for t in sentences] + list(NATURAL.values())
    assert sum(suspect(t) for t in texts) <= len(texts) // 20


def test_short_texts_are_not_measured() -> None:
    assert not suspect("No no no no no no no no no.")
    assert measure("Yes, thanks! Yes, thanks!") is None


def test_a_long_text_is_measured_at_its_end() -> None:
    filler = " ".join(f"w{i}" for i in range(MAX_CHARS // 3))
    text = ANSWER + " " + filler + " " + "Stop it now please. " * 10
    found = measure(text)
    assert found is not None and found.piece == "Stop it now please."
    assert text[slice(*found.span)] == found.piece


def test_findings_in_a_file(tmp_path: Path) -> None:
    findings = check(tmp_path, [chat(DEGENERATE["one word"]), chat(DEGENERATE["a refusal"]),
                                chat(NATURAL["code"]), chat(NATURAL["a table"])])
    repeated = [f for f in findings if f.check == "repetition"]
    assert [(f.line, f.code, f.path) for f in repeated] == [
        (31, "R001", "messages[1].content"), (32, "R001", "messages[1].content")]
    assert '"banana" is repeated 40 times' in repeated[0].message
    assert repeated[0].span == (7, 13)


def test_only_trained_replies_are_reported(tmp_path: Path) -> None:
    untrained = orjson.dumps({"messages": [
        {"role": "user", "content": DEGENERATE["one line"]},
        {"role": "assistant", "content": DEGENERATE["one word"], "weight": 0},
        {"role": "user", "content": "And now?"},
        {"role": "assistant", "content": ANSWER}]})
    assert not [f for f in check(tmp_path, [untrained]) if f.check == "repetition"]


def test_a_degenerate_reply_tells_no_language(tmp_path: Path) -> None:
    """ "banana" forty times was reported as Turkish; now it is left out of the text the
    language is told from, and the rest is too short to tell."""
    findings = check(tmp_path, [chat(DEGENERATE["one word"], "What should I eat?")])
    mine = {f.code: f for f in findings if f.line == 31}
    assert "L001" not in mine
    assert "L002" in mine and "repeated" in mine["L002"].message
    assert "R001" in mine


def test_a_question_with_enough_text_still_has_its_language(tmp_path: Path) -> None:
    findings = check(tmp_path, [chat(DEGENERATE["one word"], (
        "Could you please tell me which fruit is the best one to eat every morning before "
        "I go to work?"))])
    assert {f.code for f in findings if f.line == 31} == {"R001"}
