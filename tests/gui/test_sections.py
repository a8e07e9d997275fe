"""Which parts of a row the editor shows, and where a finding's path points."""

from __future__ import annotations

from curator.gui.editor.sections import (
    Section,
    edit_messages,
    parse_path,
    sections,
    with_part,
)

USER = {"role": "user", "content": "q"}
REPLY = {"role": "assistant", "content": "a"}


def test_each_format_has_its_parts_in_reading_order() -> None:
    assert sections({"messages": [USER, REPLY]}) == [Section("messages", False)]
    assert [s.title for s in sections({  # type: ignore[union-attr]
        "non_preferred_output": [REPLY], "input": {"messages": [USER]},
        "preferred_output": [REPLY]})] == ["Input", "Preferred output", "Non-preferred output"]
    assert sections({"prompt": "q", "completion": [REPLY]}) == [
        Section("prompt", True), Section("completion", False)]


def test_a_part_of_the_wrong_type_leaves_the_row_to_raw_json() -> None:
    assert sections({"messages": "q"}) is None
    assert sections({"messages": [USER, "a"]}) is None
    assert sections({"input": [USER], "preferred_output": [REPLY]}) is None
    assert sections({"prompt": "q", "chosen": 3}) is None
    assert sections({"preferred_output": "a"}) is None  # only TRL parts may be plain text
    assert sections({"text": "q"}) is None and sections(["q"]) is None


def test_paths_of_findings() -> None:
    assert parse_path("messages[1].role") == ("messages", 1, "role")
    assert parse_path("input.messages[0].content") == ("input.messages", 0, "content")
    assert parse_path("messages[2].tool_calls[0].function.arguments") == (
        "messages", 2, "tool_calls")
    assert parse_path("prompt") == ("prompt", None, "")


def test_added_messages_take_the_likely_role_and_edits_copy() -> None:
    assert edit_messages([], -1, "add", "chosen") == [{"role": "assistant", "content": ""}]
    assert edit_messages([], -1, "add", "prompt") == [{"role": "user", "content": ""}]
    assert edit_messages([USER], 0, "add", "messages")[1]["role"] == "assistant"
    value = {"input": {"messages": [USER]}}
    changed = with_part(value, "input.messages", [REPLY])
    assert changed == {"input": {"messages": [REPLY]}} and value["input"]["messages"] == [USER]
