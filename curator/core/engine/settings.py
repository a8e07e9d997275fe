"""Build the one :class:`~curator.core.model.settings.Settings` object a run uses, from the
config file and the command line's flags (or the app's preferences), over the sections of
every registered family."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from curator.core.engine.config import load_config
from curator.core.families import registered
from curator.core.model.settings import (
    CoreSettings,
    Section,
    Settings,
    SettingsError,
    relative_to,
)
from curator.core.model.targets import Target, TargetError, find_target, load_targets


def sections() -> list[type[Section]]:
    """The core section and every registered family's, in registry order."""
    out: list[type[Section]] = [CoreSettings]
    for family in registered():
        if family.settings is not None and family.settings not in out:
            out.append(family.settings)  # type: ignore[arg-type]
    return out


PATH_KEYS = ("targets_file", "tokenizer", "chat_template")


def flag(key: str) -> str:
    """The command-line flag of a setting: one name everywhere."""
    return "--" + key.replace("_", "-")


def load_settings(config: Path | None = None, start: Path | None = None,
                  overrides: Mapping[str, Any] | None = None, origin: str = "",
                  defaults: Mapping[str, Any] | None = None,
                  defaults_origin: str = "preferences") -> Settings:
    """The config file's values (``config``, or the nearest above ``start``) with
    ``overrides`` on top (flags: ``origin`` empty names each by its flag) and ``defaults``
    (the app's preferences) under it: they fill in what the config does not set."""
    found = load_config(config, start)
    where = str(found.source) if found.source else "settings"
    values = {k: v for k, v in (defaults or {}).items() if k not in found.values}
    origins = {key: defaults_origin for key in values}
    values.update(found.values)
    origins.update({key: where for key in found.values})
    for key, value in (overrides or {}).items():
        values[key] = value
        origins[key] = origin or flag(key)
    for key in PATH_KEYS:  # files the config names are relative to the config
        if found.source is not None and isinstance(values.get(key), str) and (
                origins.get(key) == where):
            values[key] = found.source.parent / values[key]
    if found.source is not None and origins.get("against") == where:  # evaluation files
        values["against"] = relative_to(found.source.parent, values["against"])
    _resolve_target(values, origins)
    return Settings.build(sections(), values, origins,
                          str(found.source) if found.source else None, tuple(found.skipped))


def default_settings(**values: Any) -> Settings:
    """Defaults, with ``values`` on top (tests, the app before a file is open)."""
    values = dict(values)
    origins = {key: flag(key) for key in values}
    _resolve_target(values, origins)
    return Settings.build(sections(), values, origins)


def targets_of(settings: Settings | None = None, targets_file: Path | None = None
               ) -> dict[str, Target]:
    """The model table: built-in targets merged with the settings' ``targets_file``."""
    user = targets_file or (settings.core.targets_file if settings else None)
    return load_targets(user)


def _resolve_target(values: dict[str, Any], origins: dict[str, str]) -> None:
    """The ``target`` name as the model it names, from the built-in table merged with the
    ``targets_file`` (which is read and validated whenever one is given)."""
    name, file = values.get("target"), values.get("targets_file")
    if not isinstance(name, str) and not file:
        return
    try:
        table = load_targets(Path(file) if file else None)
        if isinstance(name, str):
            values["target"] = find_target(name, table) if name else None
    except TargetError as exc:
        key = "target" if "unknown target" in str(exc) else "targets_file"
        where = origins.get(key, "settings")
        raise SettingsError(str(exc) if str(exc).startswith(str(file)) and file else
                            f"{where}: {exc}") from None
