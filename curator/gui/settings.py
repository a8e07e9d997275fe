"""Preferences that persist between sessions (QSettings), and the recent files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QSettings

from curator.core.engine.pipeline import Options
from curator.core.families.duplicates.minhash import DEFAULT_THRESHOLD
from curator.core.model.targets import Target, TargetError, find_target, load_targets

MAX_RECENT = 10


@dataclass(frozen=True)
class Preferences:
    target: str = ""  # a model name from targets.toml; "" for none
    near_threshold: float = DEFAULT_THRESHOLD
    languages: tuple[str, ...] = ()

    def target_model(self) -> Target | None:
        if not self.target:
            return None
        try:
            return find_target(self.target, load_targets())
        except TargetError:
            return None

    def options(self, base: Options | None = None) -> Options:
        return replace(base or Options(), target=self.target_model(),
                       near_threshold=self.near_threshold, languages=self.languages)


def settings() -> QSettings:
    """An INI file in the user's config folder (tests point QSettings.setPath elsewhere)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Curator", "Curator")


def load_preferences() -> Preferences:
    store = settings()
    try:
        threshold = float(store.value("near_threshold", DEFAULT_THRESHOLD))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        threshold = DEFAULT_THRESHOLD
    languages = str(store.value("languages", "") or "")
    return Preferences(str(store.value("target", "") or ""), min(max(threshold, 0.3), 1.0),
                       tuple(x.strip() for x in languages.split(",") if x.strip()))


def save_preferences(preferences: Preferences) -> None:
    store = settings()
    store.setValue("target", preferences.target)
    store.setValue("near_threshold", preferences.near_threshold)
    store.setValue("languages", ",".join(preferences.languages))
    store.sync()


def recent_files() -> list[Path]:
    value = settings().value("recent", [])
    names = value if isinstance(value, list) else [value] if value else []
    return [Path(str(name)) for name in names][:MAX_RECENT]


def add_recent(path: Path) -> None:
    names = [str(path)] + [str(p) for p in recent_files() if p != path]
    store = settings()
    store.setValue("recent", names[:MAX_RECENT])
    store.sync()
