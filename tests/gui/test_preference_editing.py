"""Preference and prompt-completion rows (OpenAI DPO, TRL) are edited in the editor, not only
as raw JSON: each part has its cards or text box, findings jump there, edits undo."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from curator.core.engine.pipeline import finish, validate_path
from curator.core.model.findings import Finding, Severity
from curator.gui.editor.growing_text import GrowingTextEdit
from curator.gui.examples_model import MESSAGES
from curator.gui.main_window import MainWindow
from datagen.synth import answer, question
from tests.gui.conftest import wait_checked


def trl_preference_lines(n: int) -> list[bytes]:
    rng = random.Random(5)
    return [orjson.dumps({"prompt": [{"role": "user", "content": question(rng)}],
                          "chosen": [{"role": "assistant", "content": answer(rng)}],
                          "rejected": [{"role": "assistant", "content": answer(rng)}]})
            for _ in range(n)]


def somewhere(path: str) -> Finding:
    """A finding pointing at ``path`` (what a click on one in the problems panel sends)."""
    return Finding(1, "S010", "schema", Severity.ERROR, "empty", path)


def open_lines(qtbot: QtBot, window: MainWindow, path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)


def titles(window: MainWindow) -> list[str]:
    widget = window.conversation.widget()
    return [label.text() for label in widget.findChildren(QLabel)
            if label.objectName().startswith("title-")]


def codes_at(window: MainWindow, index: int) -> set[str]:
    return {f.code for f in window.document.workspace.findings_at(index)}


def test_trl_preference_row_is_fixed_in_its_cards_and_undone(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    lines = trl_preference_lines(60)
    bad = orjson.loads(lines[7])
    bad["chosen"][0]["content"] = ""
    bad["rejected"][0]["role"] = "Assistant"
    lines[7] = orjson.dumps(bad)
    path = tmp_path / "prefs.jsonl"
    open_lines(qtbot, window, path, lines)
    window.examples.select_index(7)
    assert window.tabs.currentWidget() is window.conversation
    assert titles(window) == ["<b>Prompt</b>", "<b>Chosen</b>", "<b>Rejected</b>"]
    prompt, chosen, rejected = window.conversation.cards
    assert rejected.role.currentText() == "Assistant"  # as the file has it
    prompt_text = prompt.content.toPlainText()
    assert all(card.weight is None for card in window.conversation.cards)  # no weights here
    assert {"S010", "S004"} <= codes_at(window, 7)
    model = window.examples.model
    assert model.data(model.index(7, MESSAGES)) == "3"  # the prompt, chosen and rejected

    window.problems.jump_to.emit(somewhere("chosen[0].content"))
    assert window.tabs.currentWidget() is window.conversation
    assert chosen.content.hasFocus()
    chosen.content.setPlainText("Open Settings, then Billing, and choose Edit address.")
    rejected.role.setCurrentText("assistant")
    wait_checked(qtbot, window)
    assert not {"S010", "S004"} & codes_at(window, 7)
    fixed = window.document.workspace.dataset.rows[7].raw

    undo = window.document.undo
    undo.undo()
    undo.undo()
    assert window.document.workspace.dataset.rows[7].raw == lines[7]  # byte for byte
    undo.redo()
    undo.redo()
    assert window.document.workspace.dataset.rows[7].raw == fixed
    assert window.files.save()
    report = finish(validate_path(path)).report
    assert not [f for f in report.findings if f.line == 8]
    shown = window.conversation.cards  # rebuilt by undo and redo, showing the fixed row
    assert shown[0].content.toPlainText() == prompt_text
    assert shown[1].content.toPlainText().startswith("Open Settings")


def test_prompt_completion_text_is_edited_in_a_text_box_with_one_undo_step(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    rng = random.Random(9)
    lines = [orjson.dumps({"prompt": question(rng), "completion": answer(rng)})
             for _ in range(60)]
    open_lines(qtbot, window, tmp_path / "pc.jsonl", lines)
    window.examples.select_index(3)
    assert titles(window) == ["<b>Prompt</b>", "<b>Completion</b>"]
    assert window.conversation.cards == []
    model = window.examples.model
    assert model.data(model.index(3, MESSAGES)) == "2"
    box = window.conversation.parts["prompt"]
    assert isinstance(box, GrowingTextEdit)
    before = orjson.loads(lines[3])["prompt"]
    assert box.toPlainText() == before
    box.moveCursor(QTextCursor.MoveOperation.End)
    for character in " Thanks!":
        box.insertPlainText(character)  # typed one key at a time
    assert orjson.loads(window.document.workspace.dataset.rows[3].raw)["prompt"] == (
        before + " Thanks!")
    window.document.undo.undo()  # the typing merged into one step
    assert window.document.workspace.dataset.rows[3].raw == lines[3]
    window.problems.jump_to.emit(somewhere("completion"))
    completion = window.conversation.parts["completion"]
    assert isinstance(completion, GrowingTextEdit) and completion.hasFocus()


def test_openai_preference_row_shows_input_and_both_outputs(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    rng = random.Random(3)
    lines = [orjson.dumps({"input": {"messages": [{"role": "user", "content": question(rng)}]},
                           "preferred_output": [{"role": "assistant", "content": answer(rng)}],
                           "non_preferred_output": [{"role": "assistant",
                                                     "content": answer(rng)}]})
             for _ in range(60)]
    open_lines(qtbot, window, tmp_path / "dpo.jsonl", lines)
    window.examples.select_index(0)
    assert titles(window) == ["<b>Input</b>", "<b>Preferred output</b>",
                              "<b>Non-preferred output</b>"]
    user = window.conversation.parts["input.messages"][0]  # type: ignore[index]
    user.content.setPlainText("How do I change my billing address?")
    row = orjson.loads(window.document.workspace.dataset.rows[0].raw)
    assert row["input"]["messages"][0]["content"] == "How do I change my billing address?"
    assert row["preferred_output"] == orjson.loads(lines[0])["preferred_output"]
