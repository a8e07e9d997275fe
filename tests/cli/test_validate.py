from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.model.codes import CODES
from datagen.synth import write_chat_file

Messy = tuple[Path, dict[int, str], dict[int, str]]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _examples(path: Path) -> int:
    return sum(1 for line in path.read_bytes().splitlines() if line.strip())


def test_text_output_names_file_line_column_and_code(messy: Messy) -> None:
    path, errors, _ = messy
    code, out = run("validate", str(path))
    assert code == 1
    line = min(errors)
    assert any(row.startswith(f"{path}:{line}:") and errors[line] in row
               for row in out.splitlines())
    assert f"{path}: {_examples(path)} examples (openai-chat):" in out


def test_json_output_follows_the_findings_contract(messy: Messy) -> None:
    path, errors, _ = messy
    code, out = run("validate", "--format", "json", str(path))
    assert code == 1
    doc = orjson.loads(out)
    (entry,) = doc["files"]
    assert set(entry) == {"path", "examples", "summary", "findings"}
    assert entry["path"] == str(path) and entry["examples"] == _examples(path)
    assert entry["summary"]["errors"] == sum(
        1 for f in entry["findings"] if f["severity"] == "error"
    )
    for finding in entry["findings"]:
        assert set(finding) - {"span", "ref"} == {"line", "code", "check", "severity",
                                                 "message", "path", "related"}
        assert finding["check"] == CODES[finding["code"]].check
    lines = {f["line"] for f in entry["findings"] if f["severity"] == "error"}
    assert lines == set(errors)


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    write_chat_file(str(path), 80, seed=11)
    code, out = run("validate", str(path))
    assert code == 0
    assert "0 errors, 0 warnings" in out


def test_select_and_ignore_take_codes_and_prefixes(messy: Messy) -> None:
    path, _, _ = messy
    _, out = run("validate", "--format", "json", "--select", "J", str(path))
    codes = {f["code"] for f in orjson.loads(out)["files"][0]["findings"]}
    assert codes and all(c.startswith("J") for c in codes)
    _, out = run("validate", "--format", "json", "--ignore", "S,C", "--ignore", "J005",
                 str(path))
    codes = {f["code"] for f in orjson.loads(out)["files"][0]["findings"]}
    assert codes and not any(c.startswith(("S", "C")) or c == "J005" for c in codes)


def test_only_warnings_exit_zero(messy: Messy) -> None:
    path, _, _ = messy
    code, _ = run("validate", "--select", "C", str(path))
    assert code == 0


def test_github_annotations(messy: Messy) -> None:
    path, errors, _ = messy
    _, out = run("validate", "--format", "github", str(path))
    line = min(errors)
    assert f"::error file={path},line={line}," in out
    assert f"title={errors[line]}::" in out


def test_sarif_output(messy: Messy) -> None:
    path, errors, _ = messy
    _, out = run("validate", "--format", "sarif", str(path))
    doc = orjson.loads(out)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    starts = {r["locations"][0]["physicalLocation"]["region"]["startLine"]
              for r in results if r["level"] == "error"}
    assert starts == set(errors)
    rule_ids = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} == rule_ids


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path / "nope.jsonl"))
    assert code == 2
    assert "nope.jsonl: no such file" in out


def test_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path))
    assert code == 2 and "is a folder" in out


def test_unknown_option_is_a_usage_error(messy: Messy) -> None:
    code, _ = run("validate", "--frobnicate", str(messy[0]))
    assert code == 2


def test_config_from_pyproject_and_curator_toml(
    messy: Messy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = messy
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.curator]\nselect = ["J001"]\n')
    _, out = run("validate", "--format", "json", str(path))
    assert {f["code"] for f in orjson.loads(out)["files"][0]["findings"]} == {"J001"}
    (tmp_path / "curator.toml").write_text(
        'ignore = ["S", "C", "J", "O", "D", "N", "L", "K", "U"]\n')
    code, out = run("validate", "--format", "json", str(path))
    assert code == 0 and orjson.loads(out)["files"][0]["findings"] == []
    _, out = run("validate", "--format", "json", "--select", "J002", str(path))
    assert {f["code"] for f in orjson.loads(out)["files"][0]["findings"]} == {"J002"}


def test_bad_config_is_a_usage_error_naming_the_key(tmp_path: Path, messy: Messy,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "curator.toml").write_text("selekt = ['J']\n")
    code, out = run("validate", str(messy[0]))
    assert code == 2
    assert "curator.toml: unknown setting `selekt`" in out


def test_several_files_and_a_total(messy: Messy, tmp_path: Path) -> None:
    path, _, _ = messy
    other = tmp_path / "other.jsonl"
    other.write_bytes(path.read_bytes())
    code, out = run("validate", str(path), str(other))
    assert code == 1
    assert out.strip().splitlines()[-1].startswith("2 files:")
