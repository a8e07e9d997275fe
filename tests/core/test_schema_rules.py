"""Every defect gets its error at its line; valid lines get none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.schema.example import check_example
from curator.core.model.findings import Severity
from curator.core.model.schema import Shape
from datagen.synth import chat_lines, write_chat_file
from tests.messy import BAD_LINES, WARN_LINES


def test_every_bad_line_gets_its_error_and_valid_lines_get_none(
    messy: tuple[Path, dict[int, str], dict[int, str]],
) -> None:
    path, errors, warnings = messy
    report = finish(validate_path(path)).report
    assert report.shape == "openai-chat"
    by_line: dict[int, set[str]] = {}
    for f in report.findings:
        if f.severity is Severity.ERROR:
            by_line.setdefault(f.line, set()).add(f.code)
    for line, code in errors.items():
        assert code in by_line.get(line, set()), f"line {line} should get {code}"
    assert set(by_line) == set(errors), "error findings on lines that are valid"
    warned = {(f.line, f.code) for f in report.findings if f.severity is Severity.WARNING}
    for line, code in warnings.items():
        assert (line, code) in warned, f"line {line} should warn {code}"


def test_the_fixture_covers_every_rule_about_one_line() -> None:
    # The fixture covers every rule of the registry that is about one line: json, schema,
    # structure, special tokens, tools.
    covered = {code for _, code in BAD_LINES} | {code for _, code in WARN_LINES}
    from curator.core.model.codes import CODES

    file_level = {"S000", "S090", "S091", "S092", "J006"}
    per_line = {c for c in CODES if c[0] in "JSCKU" and c not in file_level}
    per_line -= {c for c in CODES if c.startswith(("S03", "S04"))}  # other shapes, below
    per_line -= {"J007"}  # a line past --max-line-bytes: tests/core/test_hostile_memory.py
    assert per_line <= covered, per_line - covered


def test_findings_carry_a_json_path_and_a_fix_hint() -> None:
    value = {"messages": [{"role": "user", "content": "hi"},
                          {"role": "assistant", "content": "ok", "weight": 0.5}]}
    (finding,) = check_example(value, 3, Shape.OPENAI_CHAT)
    assert finding.code == "S013"
    assert finding.path == "messages[1].weight"
    assert finding.line == 3
    assert "must be 0" in finding.message and "0.5" in finding.message


def _codes(value: dict[str, Any], shape: Shape) -> set[str]:
    return {f.code for f in check_example(value, 1, shape)}


U = {"role": "user", "content": "Is it raining?"}
A = {"role": "assistant", "content": "No, it stays dry all day."}
B = {"role": "assistant", "content": "Yes, bring an umbrella."}


@pytest.mark.parametrize(
    ("shape", "value", "expected"),
    [
        (Shape.OPENAI_PREFERENCE, {"input": {"messages": [U]}, "preferred_output": [A],
                                   "non_preferred_output": [B]}, set()),
        (Shape.OPENAI_PREFERENCE, {"input": "hi", "preferred_output": [A],
                                   "non_preferred_output": [B]}, {"S030"}),
        (Shape.OPENAI_PREFERENCE, {"input": {"messages": [U]}, "preferred_output": A,
                                   "non_preferred_output": [B]}, {"S031"}),
        (Shape.OPENAI_PREFERENCE, {"input": {"messages": [U]}, "preferred_output": [A, B],
                                   "non_preferred_output": [B]}, {"S031"}),
        (Shape.OPENAI_PREFERENCE, {"input": {"messages": [U]}, "preferred_output": [U],
                                   "non_preferred_output": [B]}, {"S031"}),
        (Shape.TRL_MESSAGES, {"messages": [U, A]}, set()),
        (Shape.TRL_MESSAGES, {"messages": [{"role": "bot", "content": "x"}, U, A]}, {"S004"}),
        (Shape.TRL_PROMPT_COMPLETION, {"prompt": "2+2=", "completion": "4"}, set()),
        (Shape.TRL_PROMPT_COMPLETION, {"prompt": [U], "completion": [A]}, set()),
        (Shape.TRL_PROMPT_COMPLETION, {"prompt": "2+2="}, {"S040"}),
        (Shape.TRL_PROMPT_COMPLETION, {"prompt": "2+2=", "completion": 4}, {"S040"}),
        (Shape.TRL_PREFERENCE, {"prompt": [U], "chosen": [A], "rejected": [B]}, set()),
        (Shape.TRL_PREFERENCE, {"chosen": "a", "rejected": "b"}, set()),
        (Shape.TRL_PREFERENCE, {"chosen": "a"}, {"S042"}),
    ],
)
def test_other_shapes(shape: Shape, value: dict[str, Any], expected: set[str]) -> None:
    assert _codes(value, shape) == expected


def test_mixing_text_and_conversations_in_trl_is_an_error() -> None:
    codes = _codes({"prompt": [U], "completion": "4"}, Shape.TRL_PROMPT_COMPLETION)
    assert codes == {"S041"}


def test_shape_is_detected_and_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "pc.jsonl"
    rows = [{"prompt": f"What is {i} squared?", "completion": f"{i} squared is {i * i}."}
            for i in range(60)]
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    report = finish(validate_path(path)).report
    assert report.shape == "trl-prompt-completion" and not report.findings
    forced = finish(validate_path(path, default_settings(shape=Shape.OPENAI_CHAT))).report
    assert {f.code for f in forced.findings} >= {"S001", "S021"}


def test_small_files_get_file_level_findings(tmp_path: Path) -> None:
    path = tmp_path / "few.jsonl"
    path.write_bytes(orjson.dumps({"messages": [U, A]}) + b"\n")
    report = finish(validate_path(path)).report
    assert [(f.line, f.code) for f in report.findings] == [(0, "S090")]
    assert report.findings[0].message.startswith("the file has 1 example;")
    write_chat_file(str(path), 20, seed=2)
    assert [f.code for f in finish(validate_path(path)).report.findings] == ["S091"]
    for empty in (b"", b"\n  \n"):  # nothing, or only blank lines: an error
        path.write_bytes(empty)
        found = finish(validate_path(path)).report.findings
        assert [f.code for f in found if f.line == 0] == ["S092"]
        assert found[0].severity == "error"


def test_a_byte_order_mark_is_accepted_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(chat_lines(60, seed=4)) + b"\n")
    report = finish(validate_path(path)).report
    assert [(f.line, f.code, f.severity) for f in report.findings] == [
        (1, "J006", Severity.WARNING)
    ]
