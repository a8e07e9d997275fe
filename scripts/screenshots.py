"""Render screenshots of the app on the bundled sample (run under Xvfb, or offscreen).

    xvfb-run -a -s "-screen 0 1400x900x24" python3 scripts/screenshots.py docs/screenshots

Each view is shown with real data and grabbed to a PNG in the folder given.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from curator.core.model.resources import resource_path
from curator.gui import theme
from curator.gui.main_window import MainWindow


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_checked(app: QApplication, window: MainWindow) -> None:
    document = window.document
    while document.running or document.loading or not document.workspace.analysed:
        app.processEvents()
        time.sleep(0.01)
    settle(app)


def shoot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def _dock(window: MainWindow, title: str) -> QWidget:
    dock = next(d for d in window.analysis_docks if d.windowTitle() == title)
    dock.raise_()
    QApplication.processEvents()
    if title == "Cost":
        window.cost.wait()
    return window


def _cost(window: MainWindow) -> QWidget:
    """Fine-tune or prompt with a 2,000-token prompt, at a volume where the lines cross."""
    dock = next(d for d in window.analysis_docks if d.windowTitle() == "Cost")
    window.resizeDocks([dock], [470], Qt.Orientation.Vertical)
    _dock(window, "Cost")
    cost = window.cost
    cost.pages.setCurrentWidget(cost.panel)
    cost.target.setCurrentIndex(cost.target.findData("gpt-4o-mini-2024-07-18"))
    cost.panel.tokens["prompt"].setValue(2000)
    cost.panel.requests.setValue(1000)
    cost.panel.cache_hit.setValue(0.5)
    return window


def _duplicates(window: MainWindow) -> QWidget:
    _dock(window, "Duplicates")
    groups = window.duplicates.groups
    near = next((i for i, g in enumerate(groups) if g.cluster.kind == "near"), 0)
    window.duplicates.clusters.setCurrentRow(near)
    return window.duplicates


def _export(window: MainWindow) -> QWidget:
    dialog = window.export_dialog()
    dialog.drop_duplicates.setChecked(True)
    dialog.preview()
    dialog.wait()
    QApplication.processEvents()
    return dialog


def _contamination(window: MainWindow) -> QWidget:
    """An evaluation file made of three of the sample's conversations (one answer edited),
    chosen as the Preferences would, and the file checked against it."""
    document = window.document
    rows = [row.value for row in document.workspace.dataset.rows[:40] if row.value]
    items = []
    for value in (rows[0], rows[2], rows[9]):
        messages = [m for m in value["messages"] if m.get("role") in ("user", "assistant")]
        items.append({"messages": messages[:2]})
    answer = items[1]["messages"][1]
    answer["content"] = answer["content"].replace("Sorry about", "Sorry for", 1)
    evaluation = Path(tempfile.mkdtemp()) / "eval.jsonl"
    evaluation.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    document.set_preferences({**document.preferences, "against": [str(evaluation)]})
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    wait_checked(app, window)
    _dock(window, "Contamination")
    window.contamination.list.setCurrentRow(min(1, window.contamination.list.count() - 1))
    return window.contamination


def _repetition(window: MainWindow) -> QWidget:
    """A reply stuck in a loop, its first repeat marked in the editor."""
    document = window.document
    key = document.workspace.keys[0]
    value = json.loads(json.dumps(document.workspace.row(key).value))
    reply = value["messages"][-1]
    reply["content"] = "Please restart the router, then try again. " + "Eat a banana! " * 20
    document.edit_value(key, value, "Loop")
    window.problems_dock.raise_()
    window.resizeDocks([window.problems_dock], [260], Qt.Orientation.Vertical)
    window.examples.select_index(0)
    window.tabs.setCurrentWidget(window.conversation)
    window.conversation.focus_path(f"messages[{len(value['messages']) - 1}].content")
    window.conversation.mark_findings()
    return window


def _template(app: QApplication, window: MainWindow) -> QWidget:
    """An example with a tool call as TRL trains Qwen 2.5 on it (max_length lowered so that
    the cut shows)."""
    window.document.set_preferences({"target": "qwen2.5-7b-qlora", "max_length": 300})
    wait_checked(app, window)
    window.problems_dock.raise_()
    window.resizeDocks([window.problems_dock], [260], Qt.Orientation.Vertical)
    rows = window.document.workspace.dataset.rows
    index = next(i for i, row in enumerate(rows)
                 if row.value and "tool_calls" in str(row.value) and "tools" in row.value)
    window.examples.select_index(index)
    window.tabs.setCurrentWidget(window.template)
    return window


VIEWS: dict[str, Callable[[MainWindow], QWidget]] = {
    "duplicates": _duplicates,
    "statistics": lambda w: _dock(w, "Statistics"),
    "cost": _cost,
    "export": _export,
    "contamination": _contamination,
    "repetition": _repetition,
}


def main(out: Path, shots: dict[str, Callable[[MainWindow], QWidget]] | None = None,
         dark: bool = False) -> None:
    """Every view on the sample; ``dark``: in a dark palette (Fusion style), as NAME-dark.png."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    if dark:
        app.setStyle("Fusion")
        with theme.applied(theme.dark_palette()):
            _shoot_all(app, out, shots, "-dark")
    else:
        _shoot_all(app, out, shots, "")


def _shoot_all(app: QApplication, out: Path,
               shots: dict[str, Callable[[MainWindow], QWidget]] | None, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as recovery:
        window = MainWindow(Path(recovery))
        window.resize(1400, 900)
        window.show()
        window.files.open(Path(resource_path("samples/support_chats.jsonl")))
        wait_checked(app, window)
        window.problems.refresh_file()
        window.examples.step_problem(True)
        shoot(app, window, out, "main-window" + suffix)
        window.examples.select_index(3)
        window.tabs.setCurrentWidget(window.raw)
        shoot(app, window, out, "raw-json" + suffix)
        for name, show in {**VIEWS, **(shots or {})}.items():
            shoot(app, show(window), out, name + suffix)
        shoot(app, _template(app, window), out, "template" + suffix)
        window.document.undo.setClean()
        window.close()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--dark"]
    main(Path(arguments[0] if arguments else "docs/screenshots"), dark="--dark" in sys.argv)
