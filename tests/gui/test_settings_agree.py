"""The app reads the same config file as curator-cli, so both report the same findings."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from curator.cli.main import cli
from curator.core.api import resource_path
from curator.gui.main_window import MainWindow
from tests.gui.conftest import wait_checked

CONFIG = """\
[tool.curator]
select = ["S", "D", "L", "C"]
ignore = ["S021", "D002"]
lang = ["en", "de", "fr"]
near_duplicate_threshold = 0.9
"""


def test_the_app_and_the_cli_read_the_same_config(
        tmp_path: Path, qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text(CONFIG)
    sample = project / "data" / "chats.jsonl"
    sample.write_bytes(resource_path("samples/support_chats.jsonl").read_bytes())
    monkeypatch.chdir(tmp_path)  # run from outside the project: the file's folder decides
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(sample)])
    want = [(f["line"], f["code"]) for f in orjson.loads(result.output)["files"][0]["findings"]]
    assert want and {code for _, code in want} <= {"S004", "S010", "S013", "S015", "S018",
                                                   "D001", "L002", "C001", "C005", "C006"}
    assert "L001" not in {code for _, code in want}  # German and French are expected
    window.files.open(sample)
    wait_checked(qtbot, window)
    got = [(f.line, f.code) for f in window.document.workspace.all_findings()]
    assert got == want
    assert window.document.settings.config == str(project / "pyproject.toml")


def test_the_app_leaves_the_configs_dask_cluster_to_the_cli(tmp_path: Path) -> None:
    """A config's `dask` is for curator-cli: the app reads the rest and checks here."""
    from curator.gui.settings import app_settings

    (tmp_path / "curator.toml").write_text('dask = "tcp://127.0.0.1:9"\nlang = ["de"]\n')
    settings, problem = app_settings(tmp_path / "chats.jsonl", {})
    assert problem == "" and settings.core.dask is None
    assert settings.config == str(tmp_path / "curator.toml")
    assert settings.values()["lang"] == ("de",)
