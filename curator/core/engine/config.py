"""Settings from ``curator.toml`` or ``[tool.curator]`` in ``pyproject.toml``, found like ruff does.

The nearest folder (from the start folder up) that has either file wins; ``curator.toml``
beats ``pyproject.toml`` in the same folder. Command-line options override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.core.model.tomlfile import read_toml

KNOWN = {
    "select": list,
    "ignore": list,
    "shape": str,
    "target": str,
    "lang": list,
    "near_duplicate_threshold": float,
    "language_engine": str,
    "targets_file": str,
}


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def find_config(start: Path) -> Path | None:
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "curator.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _has_tool_section(project):
            return project
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "curator" in data["tool"]


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load ``path``, or the nearest config above ``start`` (default: the current folder)."""
    source = path or find_config(start or Path.cwd())
    if source is None:
        return Config()
    data = read_toml(source, ConfigError, "config file")
    if source.name == "pyproject.toml":
        data = data.get("tool", {}).get("curator", {})
    return Config(_checked(data, source), source)


def _checked(data: dict[str, Any], source: Path) -> dict[str, Any]:
    for key, value in data.items():
        if key not in KNOWN:
            raise ConfigError(
                f"{source}: unknown setting `{key}`; known settings are "
                + ", ".join(sorted(KNOWN))
            )
        kind = KNOWN[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
            data[key] = value
        if not isinstance(value, kind):
            raise ConfigError(
                f"{source}: setting `{key}` must be a {kind.__name__}, not {value!r}"
            )
    return data
