"""The contamination family (--against): planted overlaps are found with the evaluation file
and line, nothing else is; evaluation files of every shape are read; edits re-check."""

from __future__ import annotations

import json
import pickle
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.chunks import check_chunk
from curator.core.engine.pipeline import families_for, finish, make_run, validate_path
from curator.core.engine.settings import default_settings
from curator.core.engine.workspace import Workspace
from curator.core.families.contamination import ContaminationState, index_for
from curator.core.families.contamination.evalset import item_example, read_eval_file
from curator.core.families.contamination.words import passage_end, text_grams
from curator.core.model.dataset import Dataset
from curator.core.model.findings import Finding
from curator.core.model.shapes import Shape
from datagen.synth import chat_lines, question

UDHR = json.loads((Path(__file__).parents[1] / "data" / "udhr_25.json").read_text(
    encoding="utf-8"))["texts"]
ANSWERS = [s for sentences in UDHR.values() for s in sentences if len(s) >= 90]
LONG = max(UDHR["en_Latn"], key=len)  # the longest English sentence (40+ words)
ZH = max(UDHR["zh_Hans"], key=len)


def chat(prompt: str, answer: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": prompt},
                         {"role": "assistant", "content": answer}]}


def write(path: Path, rows: list[Any]) -> Path:
    path.write_bytes(b"\n".join(r if isinstance(r, bytes) else orjson.dumps(r)
                                for r in rows) + b"\n")
    return path


@dataclass
class Files:
    train: Path
    evaluation: Path
    items: list[dict[str, Any]]
    planted: dict[int, set[tuple[str, int]]]  # training line -> (code, evaluation line)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("contamination")
    rng = random.Random(7)
    items = [chat(question(rng), answer) for answer in ANSWERS]
    evaluation = write(folder / "eval.jsonl", items)
    line_of = {item["messages"][1]["content"]: n for n, item in enumerate(items, 1)}
    rows: list[Any] = [orjson.loads(line) for line in chat_lines(200, seed=9)]
    other = rows[0]["messages"]
    edited = LONG.split(" ")
    edited[10] = "certainly"
    verbatim = dict(items[4], messages=[{"role": "system", "content": "Be brief."},
                                        *items[4]["messages"]])
    rows[10] = verbatim
    rows[20] = chat("Please recite it for me.", " ".join(edited))
    rows[30] = chat(items[11]["messages"][0]["content"], "I would rather not say.")
    passage = items[14]["messages"][1]["content"]
    rows[40] = chat("What else?", "Here is what I found. " + passage.upper().replace(
        " ", ", ") + " That is all I know.")
    rows[50] = chat("And in Chinese?", "  " + ZH.replace("，", " ，") + "\n")
    rows[60] = {"messages": [*other[:2], {"role": "user", "content": "Say it again"},
                             {"role": "assistant", "content": items[20]["messages"][1][
                                 "content"]}]}
    planted = {11: {("E001", 5), ("E002", 5)}, 21: {("E002", line_of[LONG])},
               31: {("E001", 12)}, 41: {("E003", 15)}, 51: {("E002", line_of[ZH])},
               61: {("E002", 21)}}
    return Files(write(folder / "train.jsonl", rows), evaluation, items, planted)


def contamination(findings: list[Finding]) -> dict[int, set[tuple[str, int]]]:
    found: dict[int, set[tuple[str, int]]] = {}
    for f in findings:
        if f.code in ("E001", "E002", "E003"):
            assert f.ref is not None
            found.setdefault(f.line, set()).add((f.code, f.ref.line))
    return found


def check(path: Path, *against: Path, **settings: Any) -> list[Finding]:
    options = default_settings(workers=1, against=against, **settings)
    return finish(validate_path(path, options)).report.findings


def test_planted_overlaps_are_found_and_nothing_else(files: Files) -> None:
    findings = check(files.train, files.evaluation)
    assert contamination(findings) == files.planted
    by_code = {(f.line, f.code): f for f in findings}
    verbatim = by_code[(11, "E002")]
    assert verbatim.ref is not None and verbatim.ref.similarity == 1.0
    assert verbatim.ref.path == str(files.evaluation)
    assert verbatim.path == "messages[2].content"
    assert "eval.jsonl line 5" in verbatim.message and "a copy" in verbatim.message
    edited = by_code[(21, "E002")]
    assert edited.ref is not None and 0.8 <= edited.ref.similarity < 1.0
    assert "nearly a copy" in edited.message
    assert by_code[(61, "E002")].path == "messages[3].content"  # a later turn


def test_a_shared_passage_is_marked_in_the_reply(files: Files) -> None:
    """Case and punctuation do not hide it; the span is the first shared 13 words."""
    finding = next(f for f in check(files.train, files.evaluation)
                   if (f.line, f.code) == (41, "E003"))
    reply = orjson.loads(files.train.read_bytes().splitlines()[40])["messages"][1]["content"]
    assert finding.span is not None
    marked = reply[finding.span[0]:finding.span[1]]
    passage = files.items[14]["messages"][1]["content"]
    assert re.findall(r"\w+", marked.lower()) == re.findall(r"\w+", passage.lower())[:13]
    assert finding.ref is not None and finding.ref.similarity == 1.0  # all of its 13-grams


def test_without_evaluation_files_the_family_does_not_run(files: Files) -> None:
    options = default_settings(workers=1)
    assert "contamination" not in {f.name for f in families_for(options)}
    assert not contamination(check(files.train))


def test_the_probe_travels_to_workers(files: Files) -> None:
    """A worker gets the run pickled: the probe (numbers only) is small and works there."""
    options = default_settings(against=(files.evaluation,))
    families = families_for(options)
    run = pickle.loads(pickle.dumps(make_run(options, Shape.OPENAI_CHAT, families)))
    assert len(pickle.dumps(run)) < 6_000_000
    size = files.train.stat().st_size
    result = check_chunk(str(files.train), 0, size, run, families)
    payload = result.parts["contamination"].payload
    assert len(payload) == 200 and payload[10] is not None and payload[0] is None


def test_the_index_is_built_once_per_files(files: Files, tmp_path: Path) -> None:
    options = default_settings(against=(files.evaluation,))
    assert index_for(options) is index_for(options)
    copy = tmp_path / "eval.jsonl"
    copy.write_bytes(files.evaluation.read_bytes())
    first = index_for(default_settings(against=(copy,)))
    copy.write_bytes(files.evaluation.read_bytes() + b"\n" + orjson.dumps(files.items[0]))
    assert index_for(default_settings(against=(copy,))) is not first


@pytest.mark.parametrize("shape", ["trl-prompt-completion", "trl-preference",
                                   "openai-preference", "flat", "sharegpt"])
def test_evaluation_files_of_every_shape(files: Files, tmp_path: Path, shape: str) -> None:
    """One item: the prompt of training line 31 and the answer of training line 11."""
    prompt = files.items[11]["messages"][0]["content"]
    answer = files.items[4]["messages"][1]["content"]
    row = {"trl-prompt-completion": {"prompt": prompt, "completion": answer},
           "trl-preference": {"prompt": prompt, "chosen": answer, "rejected": "No."},
           "openai-preference": {
               "input": {"messages": [{"role": "user", "content": prompt}]},
               "preferred_output": [{"role": "assistant", "content": answer}],
               "non_preferred_output": [{"role": "assistant", "content": "No."}]},
           "flat": {"question": prompt, "answer": answer},
           "sharegpt": {"conversations": [{"from": "human", "value": prompt},
                                          {"from": "gpt", "value": answer}]}}[shape]
    evaluation = write(tmp_path / "eval.jsonl", [row, b"not json"])
    findings = check(files.train, evaluation)
    assert contamination(findings) == {31: {("E001", 1)}, 11: {("E002", 1)}}
    assert [f.message.split(":")[1] for f in findings if f.code == "E004"] == [
        " 1 line(s) are not evaluation items (not JSON objects with a prompt or an answer; "
        "lines 2); they were not compared"]


def test_a_plain_text_evaluation_file(files: Files, tmp_path: Path) -> None:
    """One item a line, each both a prompt and an answer; blank lines are not items."""
    evaluation = tmp_path / "eval.txt"
    evaluation.write_text(files.items[11]["messages"][0]["content"] + "\n\n"
                          + files.items[4]["messages"][1]["content"] + "\n", encoding="utf-8")
    assert [i.line for i in read_eval_file(evaluation).items] == [1, 3]
    assert contamination(check(files.train, evaluation)) == {31: {("E001", 1)},
                                                            11: {("E002", 3)}}


def test_an_evaluation_item_can_be_shown(files: Files) -> None:
    shown = item_example(files.evaluation, 5)
    assert shown == files.items[4]
    assert item_example(files.evaluation, 10_000) is None


def test_a_rejected_answer_is_not_an_answer(tmp_path: Path, files: Files) -> None:
    answer = files.items[4]["messages"][1]["content"]
    rows = [{"prompt": "Tell me.", "chosen": "I will not.", "rejected": answer}] * 2
    train = write(tmp_path / "train.jsonl", rows)
    assert not contamination(check(train, files.evaluation))


def test_edits_are_checked_again(files: Files) -> None:
    """In the app: a contaminated row edited clean loses its finding; a clean row that
    copies an evaluation answer gets one."""
    options = default_settings(workers=1, against=(files.evaluation,))
    workspace = Workspace(Dataset.open(files.train), options)
    workspace.adopt(finish(validate_path(files.train, options)))
    state = workspace.conclusion("contamination")
    assert isinstance(state, ContaminationState) and 21 in state.by_key
    workspace.set_value(20, chat("Please recite it for me.", "I cannot remember it."))
    assert not [f for f in workspace.findings_at(20) if f.code.startswith("E")]
    workspace.set_value(99, chat("Hello?", files.items[30]["messages"][1]["content"]))
    assert {(f.code, f.ref.line if f.ref else 0) for f in workspace.findings_at(99)
            if f.code.startswith("E")} == {("E002", 31)}


@pytest.mark.parametrize(("a", "b"), [
    ("One, TWO; three: four (five) six—seven «eight» nine ten! eleven? twelve... thirteen",
     "one two three four five six seven eight nine ten eleven twelve thirteen"),
    ("don't stop believing hold on to that feeling streetlight people living just to find",
     "don t stop believing hold on to that feeling streetlight people living just"),
    ("人人有权享有生命、自由和人身安全。", "人 人 有 权 享 有 生 命 自 由 和 人 身 安 全"),
])
def test_words_ignore_case_and_punctuation(a: str, b: str) -> None:
    grams = text_grams([a, b])
    first = grams.numbers[:int(grams.counts[0])]
    assert len(first) and set(first.tolist()) & set(grams.numbers[len(first):].tolist())


def test_a_passage_ends_after_thirteen_words() -> None:
    text = "Intro: " + " ".join(f"w{i}," for i in range(20))
    assert text[7:passage_end(text, 7)] == " ".join(f"w{i}," for i in range(13))[:-1]
