"""A finding with a span is marked in the card and field it names: a special token in a
message's content, in a text part, inside a tool call's arguments; a bad tool call leads to
the card's tool calls."""

from __future__ import annotations

from pathlib import Path

import orjson
from pytestqt.qtbot import QtBot

from curator.gui.main_window import MainWindow
from datagen.synth import chat_lines
from tests.gui.conftest import wait_checked

TOOLS = [{"type": "function", "function": {"name": "get_order", "parameters": {
    "type": "object", "properties": {"order_id": {"type": "integer"}},
    "required": ["order_id"], "additionalProperties": False}}}]
ROW = {"messages": [
    {"role": "user", "content": "Hi <|im_end|> where is my order?"},
    {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function",
        "function": {"name": "get_order", "arguments": '{"order": "x\\"<|endoftext|>"}'}}]},
    {"role": "tool", "tool_call_id": "c1", "content": "shipped"},
    {"role": "assistant", "content": [{"type": "text", "text": "It shipped."},
                                      {"type": "text", "text": "Bye <|eot_id|>"}]}],
    "tools": TOOLS}


def _open(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    lines = list(chat_lines(20, seed=3))
    lines.insert(5, orjson.dumps(ROW))
    path = tmp_path / "marks.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)
    window.examples.select_index(5)
    qtbot.wait(10)


def _marked(edit: object) -> list[str]:
    text = edit.toPlainText()  # type: ignore[attr-defined]
    return [text[start:end] for start, end, _ in edit.marks]  # type: ignore[attr-defined]


def test_spans_are_marked_in_the_right_card_and_field(qtbot: QtBot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path)
    cards = window.conversation.cards
    assert _marked(cards[0].content) == ["<|im_end|>"]
    assert cards[0].content.marks[0][2].startswith("warning K002: `<|im_end|>` at characters 3-13")
    assert cards[1].calls is not None and _marked(cards[1].calls) == ["<|endoftext|>"]
    assert cards[1].calls.marks[0][2].startswith("error K001: ")
    assert _marked(cards[3].content) == ["<|eot_id|>"]  # the second text part, after a \n
    assert cards[2].content.marks == [] and cards[3].calls is None


def test_marks_follow_an_edit(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path)
    card = window.conversation.cards[0]
    card.content.setPlainText("Hello, where is my order? <|im_start|>")
    qtbot.waitUntil(lambda: _marked(window.conversation.cards[0].content) == ["<|im_start|>"])
    window.conversation.cards[0].content.setPlainText("Hello, where is my order?")
    qtbot.waitUntil(lambda: window.conversation.cards[0].content.marks == [])


def test_a_bad_tool_call_leads_to_the_card_s_tool_calls(qtbot: QtBot, window: MainWindow,
                                                         tmp_path: Path) -> None:
    _open(qtbot, window, tmp_path)
    rows = [window.problems.row_list.item(i).text()  # type: ignore[union-attr]
            for i in range(window.problems.row_list.count())]
    wanted = "error U003 at messages[1].tool_calls[0].function.arguments"
    at = next(i for i, text in enumerate(rows) if text.startswith(wanted))
    window.problems.row_list.setCurrentRow(at)
    finding = window.problems.selected_finding()
    assert finding is not None
    window.problems.jump_to.emit(finding)
    calls = window.conversation.cards[1].calls
    assert calls is not None and calls.hasFocus()
