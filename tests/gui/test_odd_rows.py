"""Rows of valid JSON with the wrong types anywhere: the app shows and edits them, no view
raises (pytest-qt fails a test on any exception inside a Qt slot or event handler)."""

from __future__ import annotations

from pathlib import Path

import orjson
from pytestqt.qtbot import QtBot

from curator.gui.main_window import MainWindow
from datagen.synth import chat_lines
from tests.gui.conftest import wait_checked

ODD: list[object] = [
    {"messages": [{"role": ["user"], "content": "a list as role"},
                  {"role": "assistant", "content": "ok"}]},
    {"messages": [{"role": {"a": 1}, "content": {"x": 1}},
                  {"role": "assistant", "content": "yo", "weight": [1]}]},
    {"messages": [{"role": 3, "content": 4, "name": 5},
                  {"role": None, "content": None, "tool_calls": "calls"}]},
    {"messages": [{"role": "user", "content": [1, {"type": "text", "text": 7},
                                               {"type": "image_url"}, "x"]},
                  {"role": "assistant", "tool_calls": [1, {"function": "f"},
                                                       {"function": {"name": 1}}]}]},
    {"messages": "not a list"},
    {"messages": [1, "two", None, [], {}]},
    {"messages": [{"role": "assistant", "content": "x", "weight": True}], "tools": "tools"},
    {"input": {"messages": 5}, "preferred_output": {"a": 1}, "non_preferred_output": [2]},
    {"prompt": 1, "completion": [{"role": 2}], "chosen": {"c": 1}},
    {"something": "else"},
    {"prompt": [{"role": ["user"], "content": {"x": 1}}],
     "chosen": [{"role": "assistant", "content": [1, 2], "tool_calls": 3}], "rejected": "no"},
    {"input": {"messages": [{"role": None}]}, "preferred_output": [{}],
     "non_preferred_output": []},
]


def test_odd_rows_open_select_and_show_in_every_view(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    clean = [line.rstrip(b"\n") for line in chat_lines(30, seed=11)]
    odd = [orjson.dumps(value) for value in ODD]
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"\n".join(clean + odd) + b"\n")
    window.files.open(path)
    wait_checked(qtbot, window)
    workspace = window.document.workspace
    assert len(workspace) == len(clean) + len(odd)
    for view in (window.duplicates, window.stats, window.cost):
        view.refresher.now(force=True)
    for index in range(len(clean), len(workspace)):
        window.examples.select_index(index)
        assert workspace.severity_at(index) is not None  # each odd row has a finding
        window.tabs.setCurrentWidget(window.raw)
        assert orjson.loads(window.raw.text.toPlainText()) == ODD[index - len(clean)]
        window.tabs.setCurrentWidget(window.conversation)
        qtbot.wait(1)
    window.examples.select_index(len(clean) + len(ODD) - 2)  # odd types, but TRL parts
    assert len(window.conversation.cards) == 2 and "rejected" in window.conversation.parts
    window.examples.select_index(len(clean) + len(ODD) - 1)
    assert len(window.conversation.cards) == 2  # input's message and the empty output
    # the first odd row is fixed through its card, like any other
    window.examples.select_index(len(clean))
    card = window.conversation.cards[0]
    assert card.role.currentText() == '["user"]'  # as the file has it, in JSON
    card.role.setCurrentText("user")
    wait_checked(qtbot, window)
    fixed = orjson.loads(workspace.dataset.rows[len(clean)].raw)
    assert fixed["messages"][0]["role"] == "user"
