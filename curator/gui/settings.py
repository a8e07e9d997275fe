"""Preferences that persist between sessions (QSettings), and the recent files.

Preferences are the settings every family declares with a label (the same settings, under
the same names, as the config file and the command line). A project's config file wins:
what it sets is shown in the preferences but not changed there, so the app and
`curator-cli` check a file the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from curator.core.api import (
    Settings,
    SettingsError,
    TargetError,
    default_settings,
    extra,
    fields_of,
    load_settings,
    sections,
)

MAX_RECENT = 10
GROUP = "settings"


def settings() -> QSettings:
    """An INI file in the user's config folder (tests point QSettings.setPath elsewhere)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Curator", "Curator")


def preference_keys() -> list[str]:
    """The settings the preferences dialog shows (those with a label)."""
    return [key for key, info in fields_of(sections()) if extra(info, "label")]


def load_preferences() -> dict[str, Any]:
    """The preferences the person set, by setting name (values as stored: JSON text)."""
    import json

    store = settings()
    store.beginGroup(GROUP)
    out: dict[str, Any] = {}
    for key in store.childKeys():
        try:
            out[key] = json.loads(str(store.value(key)))
        except ValueError:
            continue  # a value this version cannot read: the default stands
    store.endGroup()
    return {k: v for k, v in out.items() if k in preference_keys()}


def save_preferences(preferences: dict[str, Any]) -> None:
    import json

    store = settings()
    store.beginGroup(GROUP)
    store.remove("")
    for key, value in preferences.items():
        store.setValue(key, json.dumps(value))
    store.endGroup()
    store.sync()


def app_settings(path: Path | None, preferences: dict[str, Any]) -> tuple[Settings, str]:
    """The settings to check ``path`` with: the config file nearest to it (as the CLI finds
    it from there), the preferences filling in what it does not set. A preference that is
    no longer valid is dropped; a broken config file gives defaults and the reason. The
    app checks on this machine: a config's ``dask`` (for curator-cli) is left out."""
    start = path.resolve().parent if path is not None else Path.cwd()
    for prefs in (preferences, {}):
        try:
            return load_settings(start=start, defaults=prefs, overrides={"dask": None},
                                 origin="the app"), ""
        except (SettingsError, TargetError) as exc:
            problem = str(exc)
            if "preferences" not in problem:
                return default_settings(), problem
    return default_settings(), problem


def recent_files() -> list[Path]:
    value = settings().value("recent", [])
    names = value if isinstance(value, list) else [value] if value else []
    return [Path(str(name)) for name in names][:MAX_RECENT]


def add_recent(path: Path) -> None:
    path = path.resolve()
    names = [str(path)] + [str(p) for p in recent_files() if p != path]
    store = settings()
    store.setValue("recent", names[:MAX_RECENT])
    store.sync()
