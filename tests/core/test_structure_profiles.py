"""Turn rules (C001-C006) under each trainer profile: the code stays, the severity and the
note follow the trainer; the profile is one setting (flag, config key, preference)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings, load_settings
from curator.core.export.files import ExportOptions, export
from curator.core.families.structure.flow import Flow
from curator.core.families.structure.profiles import PROFILES
from curator.core.families.structure.settings import StructureSettings
from curator.core.model.findings import Severity
from curator.core.model.settings import SettingsError

S = {"role": "system", "content": "Be brief."}
U = {"role": "user", "content": "Where is my parcel?"}
A = {"role": "assistant", "content": "It ships tomorrow."}
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CASES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
    # code: (breaks the rule, keeps it)
    "C001": ([U, U, A], [U, A]),
    "C002": ([U, A, S, U, A], [S, U, A]),
    "C003": ([U, A, U], [U, A, U, A]),
    "C004": ([U, {**A, "weight": 0}], [U, {**A, "weight": 0}, U, {**A, "weight": 1}]),
    "C005": ([S, A], [S, U, A]),
    "C006": ([S, A, U, A], [S, U, A, U, A]),
}


def codes(messages: list[dict[str, Any]], profile: str = "openai") -> list[str]:
    return [f.code for f in Flow(profile).check(messages, 1)]


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_breaks_and_keeps(code: str) -> None:
    bad, good = CASES[code]
    for profile in PROFILES:
        assert codes(bad, profile) == [code], profile
        assert codes(good, profile) == [], profile


@pytest.mark.parametrize(("profile", "expected"), [
    ("openai", {"C001": W, "C002": W, "C003": W, "C004": W, "C005": W, "C006": W}),
    ("together", {"C001": E, "C002": W, "C003": INFO, "C004": W, "C005": W, "C006": W}),
    ("llama-factory", {"C001": E, "C002": E, "C003": E, "C004": INFO, "C005": E, "C006": E}),
    ("axolotl", {"C001": W, "C002": W, "C003": W, "C004": INFO, "C005": W, "C006": W}),
    ("trl", {"C001": W, "C002": W, "C003": INFO, "C004": INFO, "C005": W, "C006": W}),
])
def test_severity_is_the_profile_s(profile: str, expected: dict[str, Severity]) -> None:
    for code, severity in expected.items():
        (finding,) = Flow(profile).check(CASES[code][0], 1)
        assert (finding.code, finding.severity) == (code, severity)


def test_the_message_says_what_the_trainer_does() -> None:
    (lf,) = Flow("llama-factory").check([U, U, A], 1)
    assert "LLaMA-Factory skips such an example" in lf.message and "Invalid role tag" in lf.message
    (together,) = Flow("together").check([U, U, A], 1)
    assert "Invalid role turns" in together.message
    assert lf.message.startswith("two user messages in a row (messages 0 and 1)")


def test_a_trailing_tool_result_is_not_a_drop_for_llama_factory() -> None:
    tail = [U, {"role": "assistant", "tool_calls": []}, {"role": "tool", "content": "x"}]
    (finding,) = Flow("llama-factory").check(tail, 1)
    assert (finding.code, finding.severity) == ("C003", W)


def test_no_user_is_not_also_a_wrong_first_turn() -> None:
    assert codes([S, A]) == ["C005"]
    assert codes([A, U, A]) == ["C006"]


def test_only_whole_conversations_need_a_user() -> None:
    assert Flow().check([A], 1, "preferred_output", whole=False) == []


def test_the_profile_is_a_setting_flag_and_config_key(tmp_path: Path) -> None:
    assert default_settings().of(StructureSettings).profile == "openai"
    (tmp_path / "curator.toml").write_text('profile = "llama-factory"\n')
    assert load_settings(start=tmp_path).of(StructureSettings).profile == "llama-factory"
    with pytest.raises(SettingsError, match="profile"):
        default_settings(profile="unsloth")


def test_an_export_for_llama_factory_leaves_out_what_it_would_drop(tmp_path: Path) -> None:
    rows = [[U, A]] * 12 + [[U, U, A], [S, A, U, A]]
    path = tmp_path / "chats.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps({"messages": [
        {**m, "content": f"{m['content']} {i}"} for m in r]}) for i, r in enumerate(rows)))
    for profile, kept in (("openai", 14), ("llama-factory", 12)):
        analysis = finish(validate_path(path, default_settings(profile=profile)))
        manifest = export(path, analysis, tmp_path / f"{profile}.jsonl",
                          ExportOptions(to="openai"))
        assert sum(manifest["counts"]["written"].values()) == kept, profile
