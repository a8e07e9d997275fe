"""Issue 15, items 3, 17, 19, 20 and 21: settings from the command line and config files.

Every invalid value is exit 2 with a message naming the file (or flag), the key and what is
allowed, from ``curator.toml`` and from a discovered ``pyproject.toml`` alike; a
``pyproject.toml`` that is not TOML is an error naming it; ``targets_file`` is read relative
to its config file; a discovered config that someone else could have written is skipped with
a warning; and the report says which config it used.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from tests.cli.hostile import data, run

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX's")
AS_ROOT = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                             reason="only root can give a file to another user")
STRANGER = 54321  # a uid and gid no one here has


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/project/sub/data.jsonl; the test runs from tmp/elsewhere (configs are found from
    the data file's folder, not the current one)."""
    (tmp_path / "project" / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project" / "sub" / "data.jsonl").write_bytes(data())
    monkeypatch.chdir(tmp_path / "elsewhere")
    return tmp_path / "project"


def _config(project: Path, where: str, text: str) -> Path:
    if where == "curator.toml":
        path = project / "sub" / "curator.toml"
        path.write_text(text)
    else:  # found by walking up from the data file's folder
        path = project / "pyproject.toml"
        path.write_text(f'[project]\nname = "x"\n\n[tool.curator]\n{text}')
    return path


def _data(project: Path) -> str:
    return str(project / "sub" / "data.jsonl")


# -- items 3 and 19: values of the right type but invalid ------------------------------------

BAD_VALUES = {
    'shape = "bogus"': "setting `shape` must be one of openai-chat, openai-preference, "
                       "trl-messages, trl-prompt-completion, trl-preference (or left out to "
                       "detect it) (got 'bogus')",
    'shape = "unknown"': "setting `shape` must be one of openai-chat",
    'language_engine = "bogus"': "setting `language_engine` must be 'fasttext' or "
                                 "'langdetect' (got 'bogus')",
    "select = [1, 2]": "setting `select` must be a valid string (got 1)",
    "ignore = [true]": "setting `ignore` must be a valid string (got True)",
    'select = ["XYZ999"]': "setting `select` unknown code or prefix XYZ999; `curator-cli "
                           "codes` lists them",
    'ignore = ["S", "QQ"]': "setting `ignore` unknown code or prefix QQ",
    "near_duplicate_threshold = inf": "setting `near_duplicate_threshold` must be a finite "
                                      "number (got inf); allowed: from 0.1 to 1.0",
    "near_duplicate_threshold = nan": "setting `near_duplicate_threshold` must be a finite "
                                      "number (got nan); allowed: from 0.1 to 1.0",
    "near_duplicate_threshold = 0": "setting `near_duplicate_threshold` must be greater than "
                                    "or equal to 0.1 (got 0); allowed: from 0.1 to 1.0",
    "near_duplicate_threshold = -1": "setting `near_duplicate_threshold` must be greater "
                                     "than or equal to 0.1 (got -1)",
    "near_duplicate_threshold = 5": "setting `near_duplicate_threshold` must be less than or "
                                    "equal to 1 (got 5); allowed: from 0.1 to 1.0",
    "near_duplicate_threshold = true": "setting `near_duplicate_threshold` must not be true "
                                       "or false (got True)",
    "workers = true": "setting `workers` must not be true or false (got True)",
    "workers = 0": "setting `workers` must be greater than or equal to 1 (got 0)",
    'near_scope = "nowhere"': "setting `near_scope` must be 'all', 'prompts' or 'answers'",
    "bogus_key = 1": "unknown setting `bogus_key`; known settings are",
}


@pytest.mark.parametrize("where", ["curator.toml", "pyproject.toml"])
@pytest.mark.parametrize("line", list(BAD_VALUES))
def test_an_invalid_config_value_names_file_key_and_range(project: Path, where: str,
                                                          line: str) -> None:
    config = _config(project, where, line + "\n")
    for command in (["validate"], ["stats"], ["export", "--to", "openai", "-o", "o.jsonl"],
                    ["dedup", "-o", "o.jsonl"]):
        result = run(*command, _data(project))
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"curator-cli: error: {config}: "), result.stderr
        assert BAD_VALUES[line] in result.stderr, result.stderr
    assert not Path("o.jsonl").exists()


def test_a_pyproject_that_is_not_toml_is_an_error_naming_it(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.curator\nselect = ["S"]\n')
    result = run("validate", _data(project))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"curator-cli: error: {project / 'pyproject.toml'}: not "
                                    "valid TOML (")
    assert "fix the syntax" in result.stderr


def test_a_pyproject_whose_tool_is_not_a_table_is_an_error(project: Path) -> None:
    (project / "pyproject.toml").write_text('tool = 5\n')
    result = run("validate", "--config", str(project / "pyproject.toml"), _data(project))
    assert result.exit_code == 2
    assert "[tool.curator] must be a table of settings" in result.stderr


def test_a_nearer_config_wins_over_a_broken_one_further_up(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.curator\n")
    (project / "sub" / "curator.toml").write_text('select = ["J"]\n')
    assert run("validate", _data(project)).exit_code == 1  # the broken J line


# -- item 17: unknown codes in --select / --ignore -----------------------------------------

@pytest.mark.parametrize("flag, value", [("--select", "XYZ999"), ("--ignore", "XYZ999"),
                                         ("--select", "S,J002,Q"), ("--ignore", "all,ZZ")])
@pytest.mark.parametrize("command", ["validate", "export"])
def test_an_unknown_code_on_the_command_line_is_a_usage_error(
        project: Path, flag: str, value: str, command: str) -> None:
    extra = ["--to", "openai", "-o", "o.jsonl"] if command == "export" else []
    result = run(command, flag, value, *extra, _data(project))
    assert result.exit_code == 2
    bad = value.split(",")[-1].upper()
    assert result.stderr.startswith(
        f"curator-cli: error: {flag}: setting `{flag[2:]}` unknown code or prefix {bad}; "
        "`curator-cli codes` lists them")
    assert not Path("o.jsonl").exists()


def test_known_codes_and_prefixes_still_select(project: Path) -> None:
    result = run("validate", "--select", "j,S0", "--ignore", "S091", "--format", "json",
                 _data(project))
    codes = {f["code"] for f in orjson.loads(result.stdout)["files"][0]["findings"]}
    assert codes == {"J002"}


# -- item 20: targets_file is read relative to its config file -------------------------------

def test_targets_file_is_relative_to_the_config_file(project: Path) -> None:
    (project / "my-targets.toml").write_text(
        '["small"]\nprovider = "trl"\nencoding = "o200k_base"\ntoken_limit = 20\n'
        '["small".training]\nper_1m = 1\n')
    _config(project, "pyproject.toml", 'targets_file = "my-targets.toml"\ntarget = "small"\n')
    result = run("validate", "--select", "T", "--format", "json", _data(project))
    assert result.exit_code == 1
    assert {f["code"] for f in orjson.loads(result.stdout)["files"][0]["findings"]} == {"T001"}
    result = run("validate", "--config", str(project / "pyproject.toml"), "--select", "T",
                 _data(project))
    assert result.exit_code == 1


def test_a_missing_targets_file_names_the_config_folder(project: Path) -> None:
    config = _config(project, "curator.toml", 'targets_file = "nope.toml"\n')
    result = run("validate", _data(project))
    assert result.exit_code == 2
    assert str(config.parent / "nope.toml") in result.stderr


# -- item 21: whose config is read, and which was used ---------------------------------------

def test_the_report_names_the_config_it_used(project: Path) -> None:
    config = _config(project, "curator.toml", 'ignore = ["S091"]\n')
    text = run("validate", _data(project)).stdout.splitlines()[-1]
    assert text.endswith(f": 1 error, 2 warnings, 0 info; config: {config}")
    report = orjson.loads(run("validate", "--format", "json", _data(project)).stdout)
    assert report["files"][0]["config"] == str(config)


def test_a_report_without_config_has_no_config_key(project: Path) -> None:
    report = orjson.loads(run("validate", "--format", "json", _data(project)).stdout)
    assert "config" not in report["files"][0]
    assert "config:" not in run("validate", _data(project)).stdout


def _planted(project: Path) -> Path:
    """``ignore = ["ALL"]`` in a pyproject.toml of a shared parent folder: it would silence
    every check."""
    return _config(project, "pyproject.toml", 'ignore = ["ALL"]\n')


def _skipped(project: Path, config: Path, why: str) -> None:
    result = run("validate", _data(project), _data(project))
    assert result.exit_code == 1  # the checks still run: the broken line is an error
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [f"curator-cli: warning: {config}: not read: {why}"]  # once
    assert "config:" not in result.stdout


@AS_ROOT
def test_a_config_owned_by_another_user_is_skipped(project: Path) -> None:
    config = _planted(project)
    os.chown(config, STRANGER, STRANGER)
    _skipped(project, config, f"it is owned by another user (uid {STRANGER}); make it yours "
                              f"(chown) or pass --config {config} to use it anyway")


@POSIX_ONLY
def test_a_config_that_anyone_may_write_is_skipped(project: Path) -> None:
    config = _planted(project)
    config.chmod(0o666)
    _skipped(project, config, "every user may write it; make it writable by you alone "
                              f"(chmod go-w {config}) or pass --config {config} to use it "
                              "anyway")


@AS_ROOT
def test_a_config_that_a_shared_group_may_write_is_skipped(project: Path) -> None:
    config = _planted(project)
    os.chown(config, os.getuid(), STRANGER)
    config.chmod(0o664)
    _skipped(project, config, "its group may write it; make it writable by you alone "
                              f"(chmod go-w {config}) or pass --config {config} to use it "
                              "anyway")


@AS_ROOT
def test_a_config_named_with_config_is_read_whoever_owns_it(project: Path) -> None:
    config = _planted(project)
    os.chown(config, STRANGER, STRANGER)
    result = run("validate", "--config", str(config), _data(project))
    assert result.exit_code == 0 and "warning" not in result.stderr


@POSIX_ONLY
def test_a_skipped_config_lets_the_next_one_up_count(project: Path) -> None:
    near = project / "sub" / "curator.toml"
    near.write_text('ignore = ["ALL"]\n')
    near.chmod(0o646)
    far = _config(project, "pyproject.toml", 'select = ["S091"]\n')
    result = run("validate", _data(project))
    assert result.exit_code == 0
    assert f"{near}: not read: every user may write it" in result.stderr
    assert result.stdout.splitlines()[-1].endswith(f"; config: {far}")


# -- a config or targets file that is a device or a FIFO ---------------------------------------

@pytest.mark.parametrize("what", ["--config", "--targets"])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_config_or_targets_device_is_refused_not_read_for_ever(
        project: Path, what: str, device: str) -> None:
    """/dev/zero never ends (memory grows without bound) and a FIFO waits for a writer."""
    if device == "fifo":
        device = str(project / "settings.toml")
        os.mkfifo(device)
    elif not Path(device).exists():
        pytest.skip(f"no {device} here")
    result = run("validate", what, device, _data(project))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"curator-cli: error: {device}: not a regular file; give "
                                    f"the {'config' if what == '--config' else 'targets'} "
                                    "file as a file")
