"""Problems where they are: marked on their card and field, a click goes to the field (or the
column in Raw JSON), the file's list is worst first with icon and word and keeps what was
open; the mechanical problems are fixed in one click, each one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from curator.core.api import default_settings, finish, validate_path
from curator.core.model.findings import Finding
from curator.core.model.resources import resource_path
from curator.gui import quick_fixes
from curator.gui.main_window import MainWindow
from curator.gui.problems_panel import FINDING

SAMPLE = Path(resource_path("samples/support_chats.jsonl"))


def _row_of(code: str) -> int:
    """The 0-based row of the sample's one planted finding ``code`` (read from a check of
    the file, so that the tests follow the sample when it grows)."""
    rows = {f.line - 1 for f in finish(validate_path(SAMPLE, default_settings())).report.findings
            if f.code == code}
    assert len(rows) == 1, (code, rows)
    return rows.pop()


S015, S013, J005, J002, S004, S010 = map(_row_of, ("S015", "S013", "J005", "J002", "S004",
                                                   "S010"))


def finding(window: MainWindow, row: int, code: str) -> Finding:
    return next(f for f in window.document.workspace.findings_at(row) if f.code == code)


def codes_at(window: MainWindow, row: int) -> set[str]:
    return {f.code for f in window.document.workspace.findings_at(row)}


# -- marks -------------------------------------------------------------------------------------


def test_a_finding_without_a_span_marks_its_card_and_field(opened: MainWindow) -> None:
    opened.examples.select_index(S013)  # messages[1].weight
    card = opened.conversation.cards[1]
    assert card.markers["weight"].isVisibleTo(card)
    assert card.markers["weight"].label.text() == "error S013"  # a word and a code, and
    assert card.markers["weight"].icon.pixmap() is not None  # an icon: not colour alone
    assert "border-left: 4px" in card.styleSheet()  # the card's bar, as an editor's gutter
    assert "border-left: 1px" in opened.conversation.cards[0].styleSheet()
    opened.examples.select_index(S010)  # messages[1].content is empty
    field = opened.conversation.cards[1].content
    assert field.field_mark is not None and field.field_mark[0] == "error"
    assert "border: 2px solid" in field.styleSheet() and "S010" in field.toolTip()
    opened.examples.select_index(S004)  # messages[1], and S018 about the whole example
    card = opened.conversation.cards[1]
    assert card.markers[""].label.text() == "error S004"
    assert "S018" in opened.conversation.banner.label.text()


def test_a_click_on_a_finding_selects_its_field(qtbot: QtBot, opened: MainWindow) -> None:
    opened.examples.select_index(S010)
    item = next(opened.problems.row_list.item(i) for i in range(opened.problems.row_list.count())
                if opened.problems.row_list.item(i).data(FINDING).code == "S010")
    opened.problems.row_list.itemClicked.emit(item)
    assert opened.conversation.cards[1].content.hasFocus()
    opened.examples.select_index(S015)
    opened.problems.jump_to.emit(finding(opened, S015, "S015"))
    calls = opened.conversation.cards[1].calls
    assert calls is not None and calls.hasFocus()


def test_a_click_on_a_json_error_puts_the_cursor_at_its_column(opened: MainWindow) -> None:
    opened.examples.select_index(J002)
    error = finding(opened, J002, "J002")
    assert error.column == 120
    opened.problems.jump_to.emit(error)
    assert opened.tabs.currentWidget() is opened.raw
    cursor = opened.raw.text.textCursor()
    assert cursor.position() == 119 and opened.raw.text.hasFocus()
    assert opened.raw.text.toPlainText()[119:121] == ",]"  # on the trailing comma


def test_in_raw_json_a_path_puts_the_cursor_on_its_value(opened: MainWindow) -> None:
    opened.examples.select_index(S013)
    opened.tabs.setCurrentWidget(opened.raw)
    opened.raw.go_to(finding(opened, S013, "S013"))
    text = opened.raw.text.toPlainText()
    assert text[opened.raw.text.textCursor().position():].startswith("0.5")


# -- the whole file's list ---------------------------------------------------------------------


def test_the_file_list_is_worst_first_in_words_and_keeps_what_was_open(
        qtbot: QtBot, opened: MainWindow) -> None:
    panel = opened.problems
    panel.refresh_file()
    tops = panel.top_items()
    words = [item.text(1) for item in tops]
    ranks = {"error": 0, "warning": 1, "info": 2}
    assert words == sorted(words, key=ranks.__getitem__) and words[0] == "error"
    assert all(not item.icon(0).isNull() for item in tops)
    l001 = next(item for item in tops if item.data(0, FINDING) == "L001")
    l001.setExpanded(True)
    assert l001.childCount() == 2
    opened.examples.select_index(5)  # the German row: fix it, the list refreshes
    value = opened.document.workspace.dataset.rows[5].value
    assert value is not None
    value = json.loads(json.dumps(value))
    value["messages"][-1]["content"] += " Danke."
    opened.document.edit_value(opened.document.workspace.keys[5], value, "edit")
    qtbot.wait(400)
    assert "L001" in panel.expanded_codes()
    again = next(item for item in panel.top_items() if item.data(0, FINDING) == "L001")
    assert again.isExpanded() and again.childCount() == 2


# -- one-click fixes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("row", "code", "gone"), [
    (S004, "S004", {"S004", "S018"}),  # "Assistant" -> "assistant"
    (S015, "S015", {"S015"}),  # arguments as a JSON string
    (S013, "S013", {"S013"}),  # weight 0.5 -> 1
    (J002, "J002", {"J002"}),  # the trailing comma
    (S010, "S010", {"S010"}),  # the empty reply is deleted
])
def test_a_fix_is_one_undo_step(opened: MainWindow, row: int, code: str,
                                gone: set[str]) -> None:
    document = opened.document
    before = document.workspace.dataset.rows[row].raw
    opened.examples.select_index(row)
    panel = opened.problems
    panel.row_list.setCurrentRow(next(i for i in range(panel.row_list.count())
                                      if panel.row_list.item(i).data(FINDING).code == code))
    assert panel.fix_button.isEnabled()
    steps = document.undo.count()
    panel.fix_button.click()
    assert document.undo.count() == steps + 1
    assert not codes_at(opened, row) & gone
    document.undo.undo()
    assert document.workspace.dataset.rows[row].raw == before
    assert code in codes_at(opened, row)


def test_the_fixes_write_what_the_finding_asks(opened: MainWindow) -> None:
    rows = opened.document.workspace.dataset.rows
    fixed = quick_fixes.fixes_for(finding(opened, S015, "S015"), rows[S015])[0].value
    assert fixed is not None
    arguments = fixed["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert isinstance(arguments, str) and json.loads(arguments) == {"order_id": "48213"}
    fixed = quick_fixes.fixes_for(finding(opened, S004, "S004"), rows[S004])[0].value
    assert fixed is not None and fixed["messages"][1]["role"] == "assistant"
    weights = quick_fixes.fixes_for(finding(opened, S013, "S013"), rows[S013])
    assert [f.value["messages"][1]["weight"] for f in weights if f.value] == [1, 0]
    raw = quick_fixes.fixes_for(finding(opened, J002, "J002"), rows[J002])[0].raw
    assert raw == rows[J002].raw.replace(b"},]", b"}]")
    assert quick_fixes.fixes_for(finding(opened, 5, "L001"), rows[5]) == []  # needs words


def test_a_blank_line_is_deleted_and_all_of_a_code_fixed_in_one_step(
        opened: MainWindow) -> None:
    document = opened.document
    opened.examples.select_index(J005)
    panel = opened.problems
    panel.row_list.setCurrentRow(0)
    assert panel.fix_button.text() == "Delete this blank line"
    before = len(document.workspace)
    panel.fix_button.click()
    assert len(document.workspace) == before - 1
    document.undo.undo()
    assert len(document.workspace) == before and document.workspace.dataset.rows[J005].blank
    steps = document.undo.index()
    assert quick_fixes.fix_everywhere(document, "S013") == 1
    assert document.undo.index() == steps + 1
    assert not any(f.code == "S013" for f in document.workspace.all_findings())


def test_the_fix_is_in_the_findings_context_menu(opened: MainWindow) -> None:
    opened.examples.select_index(S004)
    panel = opened.problems
    item = next(panel.row_list.item(i) for i in range(panel.row_list.count())
                if panel.row_list.item(i).data(FINDING).code == "S004")
    menu = panel.row_menu(item)
    assert [a.text() for a in menu.actions()] == ["Go to it", "Write the role as 'assistant'"]
    menu.actions()[1].trigger()
    assert "S004" not in codes_at(opened, S004)
    menu.close()
