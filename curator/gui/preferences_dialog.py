"""The preferences dialog: every setting a family declares with a label, made generically.

A value the project's config file sets is shown but not editable here (the config file
wins, so the app checks as `curator-cli` does); its tooltip names the file.
"""

from __future__ import annotations

import enum
import typing
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from curator.core.api import Settings, Target, extra, fields_of, load_targets, sections
from curator.gui.path_list import PathListEditor
from curator.gui.settings import preference_keys

Editor = QCheckBox | QComboBox | QDoubleSpinBox | QSpinBox | QLineEdit | PathListEditor


def _choices(annotation: Any) -> list[str] | None:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in args]
    if len(args) == 1:
        return _choices(args[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation if m.value != "unknown"]
    return None


def _bounds(info: Any) -> tuple[float, float]:
    low, high = 0.0, 1e9
    for rule in info.metadata:
        low = getattr(rule, "ge", None) or getattr(rule, "gt", None) or low
        high = getattr(rule, "le", None) or getattr(rule, "lt", None) or high
    return float(low), float(high)


def _is_paths(annotation: Any) -> bool:
    """A setting that is a list of files (``tuple[Path, ...]``)."""
    return typing.get_origin(annotation) is tuple and typing.get_args(annotation)[:1] == (Path,)


def _target_combo(value: Any) -> QComboBox:
    combo = QComboBox()
    combo.addItem("none (no token-limit check)", "")
    for name, target in load_targets().items():
        combo.addItem(f"{name} ({target.token_limit:,} tokens)", name)
    combo.setCurrentIndex(max(0, combo.findData(value.name if value else "")))
    return combo


def _choice_combo(annotation: Any, choices: list[str], value: Any) -> QComboBox:
    combo = QComboBox()
    if type(None) in typing.get_args(annotation):
        combo.addItem("(default)", "")
    for choice in choices:
        combo.addItem(choice, choice)
    combo.setCurrentIndex(max(0, combo.findData(str(value) if value is not None else "")))
    return combo


def _number(annotation: Any, info: Any, value: Any) -> QDoubleSpinBox | QSpinBox:
    low, high = _bounds(info)
    if annotation is float:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(0.05)
        spin.setValue(float(value))
        return spin
    whole = QSpinBox()
    whole.setRange(int(low), int(min(high, 2**31 - 1)))
    whole.setValue(int(value))
    return whole


def _line(annotation: Any, value: Any) -> QLineEdit:
    line = QLineEdit(",".join(value) if isinstance(value, tuple) else str(value or ""))
    if "Path" in str(annotation):
        line.setProperty("path", True)  # one file name, not a list
        line.setPlaceholderText("none")
    return line


def _editor(key: str, info: Any, value: Any) -> Editor:
    annotation = info.annotation
    if _is_paths(annotation):
        return PathListEditor(value or ())
    if annotation is bool:
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if "Target" in str(annotation) or annotation is Target:
        return _target_combo(value)
    if (choices := _choices(annotation)) is not None:
        return _choice_combo(annotation, choices, value)
    if annotation in (float, int):
        return _number(annotation, info, value)
    return _line(annotation, value)


def _read(editor: Editor) -> Any:
    if isinstance(editor, PathListEditor):
        return editor.paths()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData() or None
    if isinstance(editor, QDoubleSpinBox):
        return round(editor.value(), 4)
    if isinstance(editor, QSpinBox):
        return editor.value()
    text = editor.text().strip()
    if editor.property("path"):
        return text or None
    return [part.strip() for part in text.split(",") if part.strip()]


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        form = QFormLayout(self)
        self.editors: dict[str, Editor] = {}
        values = settings.values()
        wanted = set(preference_keys())
        for key, info in fields_of(sections()):
            if key not in wanted:
                continue
            editor = _editor(key, info, values.get(key))
            editor.setToolTip(info.description or "")
            editor.setAccessibleName(extra(info, "label"))
            origin = settings.origins.get(key, "")
            if settings.config and origin == settings.config:
                editor.setEnabled(False)
                editor.setToolTip(f"set by {settings.config}; edit that file to change it")
            form.addRow(extra(info, "label"), editor)
            self.editors[key] = editor
        self.settings = settings
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            accept = buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole
            button.setToolTip("Check the file again with these settings" if accept else
                              "Keep the settings as they were")
        form.addRow(buttons)

    def preferences(self) -> dict[str, Any]:
        """The values chosen here (those the config file sets are not preferences)."""
        return {key: _read(editor) for key, editor in self.editors.items()
                if editor.isEnabled()}
