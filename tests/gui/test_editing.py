"""Fix every kind of problem through the editor, undo and redo, save, and re-validate."""

from __future__ import annotations

from pathlib import Path

import orjson
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from curator.core.engine.pipeline import finish, validate_path
from curator.gui.editor.message_card import MessageCard
from curator.gui.main_window import MainWindow
from datagen.synth import chat_lines
from tests.gui.conftest import Answers, wait_checked

QUESTION = "How do I change the billing address on my Contoso Cloud account before renewal?"
ANSWER = ("Open Settings, choose Billing, then Edit address. Save it, and the next invoice "
          "uses the new address.")


def _m(*messages: dict[str, object]) -> bytes:
    return orjson.dumps({"messages": list(messages)})


def messy_lines() -> tuple[list[bytes], dict[str, int]]:
    """60 clean examples, with one defect of each kind put in; returns where each is."""
    lines = [line.rstrip(b"\n") for line in chat_lines(60, seed=7)]
    bad = {
        "J002": b'{"messages": [{"role": "user", "content": "hi"}',
        "J005": b"",
        "S004": _m({"content": QUESTION + " (role missing)"},
                   {"role": "assistant", "content": ANSWER}),
        "S010": _m({"role": "user", "content": ""}, {"role": "assistant", "content": ANSWER}),
        "S018": _m({"role": "user", "content": QUESTION + " Is there a deadline?"}),
        "C001": _m({"role": "user", "content": QUESTION + " Thanks."},
                   {"role": "user", "content": "Hello?"},
                   {"role": "assistant", "content": ANSWER + " It takes a minute."}),
        "S013": _m({"role": "user", "content": QUESTION + " And the VAT number?"},
                   {"role": "assistant", "content": ANSWER + " VAT too.", "weight": 2}),
        "D001": lines[3],
        "L001": _m({"role": "user", "content": "Wie kann ich die Rechnungsadresse in meinem "
                    "Konto ändern, bevor das Abonnement verlängert wird?"},
                   {"role": "assistant", "content": "Öffnen Sie die Einstellungen, wählen Sie "
                    "Abrechnung und dann Adresse bearbeiten."}),
    }
    where = {}
    for offset, (code, line) in enumerate(bad.items()):
        at = 10 + offset * 5
        lines.insert(at, line)
        where[code] = at
    return lines, where


def open_messy(qtbot: QtBot, window: MainWindow, tmp_path: Path
               ) -> tuple[list[bytes], dict[str, int], Path]:
    """Write the messy file, open it in the window and wait for its check."""
    lines, where = messy_lines()
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)
    return lines, where, path


def cards(window: MainWindow) -> list[MessageCard]:
    return window.conversation.cards


def click(qtbot: QtBot, card: MessageCard, action: str) -> None:
    button = card.findChild(QToolButton, f"action-{action}")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(window: MainWindow, text: bytes) -> int:
    rows = window.document.workspace.dataset.rows
    index = next(i for i, row in enumerate(rows) if row.raw == text)
    window.examples.select_index(index)
    return index


def codes_at(window: MainWindow, index: int) -> set[str]:
    return {f.code for f in window.document.workspace.findings_at(index)}


def test_fix_every_problem_undo_redo_save_and_revalidate(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    lines, where = messy_lines()
    path = tmp_path / "messy.jsonl"
    original = b"\n".join(lines) + b"\n"
    path.write_bytes(original)
    window.files.open(path)
    wait_checked(qtbot, window)
    workspace = window.document.workspace
    for code, at in where.items():
        assert code in codes_at(window, at), code

    # J002: the broken line opens in the Raw JSON tab; typing valid JSON fixes it
    select(window, lines[where["J002"]])
    assert window.tabs.currentWidget() is window.raw
    window.raw.text.setPlainText(_m(
        {"role": "user", "content": "Which browsers does the Contoso Cloud console support?"},
        {"role": "assistant", "content": "The two latest versions of Edge, Chrome, Firefox "
         "and Safari."}).decode())
    assert window.raw.error.text() == ""
    # S004: pick the role
    select(window, lines[where["S004"]])
    cards(window)[0].role.setCurrentText("user")
    # S010: type the missing question (one undo step for the whole text)
    select(window, lines[where["S010"]])
    steps = window.document.undo.count()
    qtbot.keyClicks(cards(window)[0].content, QUESTION + " Today?")
    assert window.document.undo.count() == steps + 1
    # S018: add the reply
    index = select(window, lines[where["S018"]])
    qtbot.mouseClick(window.conversation.findChild(QPushButton, "add-message"),
                     Qt.MouseButton.LeftButton)
    assert cards(window)[1].role.currentText() == "assistant"
    cards(window)[1].content.setPlainText(ANSWER + " There is no deadline.")
    # C001: delete the second user message
    select(window, lines[where["C001"]])
    click(qtbot, cards(window)[1], "delete")
    assert len(cards(window)) == 2
    # S013: weight 2 becomes 1 (toggle off and on)
    select(window, lines[where["S013"]])
    weight = cards(window)[1].weight
    assert weight is not None
    weight.setChecked(False)
    cards(window)[1].weight.setChecked(True)  # type: ignore[union-attr]
    # L001: rewrite in English
    select(window, lines[where["L001"]])
    cards(window)[0].content.setPlainText("Can I update the company name printed on my "
                                          "invoices, and will old invoices change too?")
    cards(window)[1].content.setPlainText("Yes: Settings, Billing, Company name. Only new "
                                          "invoices show it; old ones stay as issued.")
    # J005 and D001: delete the blank line and the copy
    for code in ("D001", "J005"):
        index = max(i for i, row in enumerate(workspace.dataset.rows) if row.raw == lines[
            where[code]])
        window.examples.select_index(index)
        window.delete_example()
    assert not [f for f in workspace.all_findings() if f.severity != "info"], [
        f.to_dict() for f in workspace.all_findings()]
    fixed = b"".join(workspace.dataset.iter_bytes())

    # undo everything: the original bytes; redo everything: the fixed bytes
    undo = window.document.undo
    assert window.isWindowModified()
    while undo.canUndo():
        undo.undo()
    assert b"".join(workspace.dataset.iter_bytes()) == original
    assert {f.code for f in workspace.all_findings()} >= set(where)
    while undo.canRedo():
        undo.redo()
    assert b"".join(workspace.dataset.iter_bytes()) == fixed

    assert window.files.save()
    assert not window.isWindowModified()
    assert path.read_bytes() == fixed
    report = finish(validate_path(path)).report
    assert report.findings == []
    # lines nobody touched were written back byte for byte
    kept = set(path.read_bytes().split(b"\n"))
    assert all(line in kept for i, line in enumerate(lines) if i not in where.values())


def test_invalid_raw_edit_shows_its_error_and_keeps_the_text(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _, _, path = open_messy(qtbot, window, tmp_path)
    window.examples.select_index(0)
    window.tabs.setCurrentWidget(window.raw)
    window.raw.text.setPlainText('{"messages": [{"role": "user", "content": "half')
    assert "Not valid JSON" in window.raw.error.text()
    row = window.document.workspace.dataset.rows[0]
    assert row.raw == b'{"messages": [{"role": "user", "content": "half'
    assert "J002" in codes_at(window, 0)
    assert window.files.save()
    assert path.read_bytes().split(b"\n")[0] == row.raw  # kept, not dropped


def test_problem_navigation_and_jump_to_field(qtbot: QtBot, window: MainWindow,
                                              tmp_path: Path) -> None:
    _, where, _ = open_messy(qtbot, window, tmp_path)
    window.examples.select_index(0)
    workspace = window.document.workspace
    problems = [i for i in range(len(workspace)) if workspace.severity_at(i) is not None]
    assert set(where.values()) < set(problems)  # the planted ones, and the copied original
    seen = []
    for _ in range(len(problems) + 1):
        qtbot.keyClick(window, Qt.Key.Key_F8)
        seen.append(window.examples.current_index())
    assert seen == [*problems, problems[0]]  # in order, then round to the first
    qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.examples.current_index() == seen[-2]
    window.examples.select_index(where["C001"])
    window.problems.row_list.setCurrentRow(0)
    item = window.problems.row_list.item(0)
    assert item is not None and item.text().startswith("warning C001 at messages[1].role")
    window.problems.row_list.itemClicked.emit(item)
    assert cards(window)[1].role.hasFocus()


def test_close_with_unsaved_changes_asks(qtbot: QtBot, window: MainWindow, answers: Answers,
                                         tmp_path: Path) -> None:
    open_messy(qtbot, window, tmp_path)
    window.examples.select_index(1)
    cards(window)[1].content.setPlainText("changed")
    answers.replies.append(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    assert "Save the changes" in answers.questions[-1]
