"""The Help menu: the codes (the registry `curator-cli codes` prints), the shortcuts (the
window's own actions) and About (version, and every shipped data file's licence)."""

from __future__ import annotations

from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from curator import __version__
from curator.cli.main import cli
from curator.gui.help import DATA_FILES, CodesDialog, ShortcutsDialog, about_html, shipped_files
from curator.gui.main_window import MainWindow


def test_the_codes_are_those_curator_cli_lists(qtbot: QtBot, window: MainWindow) -> None:
    dialog = CodesDialog(window)
    qtbot.addWidget(dialog)
    shown = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    listed = [line.split()[0] for line in
              CliRunner().invoke(cli, ["codes"]).output.splitlines()]
    assert shown == listed and "S013" in shown
    dialog.filter("weight")
    visible = [shown[r] for r in range(len(shown)) if not dialog.table.isRowHidden(r)]
    assert {"S012", "S013"} <= set(visible) and len(visible) < 5


def test_the_shortcuts_are_the_windows_actions(qtbot: QtBot, window: MainWindow) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 1).text(): dialog.table.item(r, 0).text()
            for r in range(dialog.table.rowCount())}
    assert rows["File › Export…"] == "Ctrl+E"
    assert rows["Edit › Preferences…"] == "Ctrl+,"
    assert rows["Go › Next problem"] == "F8" and rows["Go › Next pane"] == "F6"
    assert rows["Edit › Undo"] == "Ctrl+Z"


def test_about_names_the_version_and_every_data_files_licence() -> None:
    assert sorted(DATA_FILES) == shipped_files()  # a new file in resources/ needs its licence
    text = about_html()
    assert __version__ in text
    for name, (_, licence, _) in DATA_FILES.items():
        assert name in text and licence in text
    assert "CC BY-SA 3.0" in text  # the language model the app loads from its package


def test_the_help_menu_is_there(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in menu.actions()] == [
        "Finding &codes…", "&Keyboard shortcuts…", "&About Curator…"]
