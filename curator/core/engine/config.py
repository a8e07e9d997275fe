"""Settings files: ``curator.toml`` or ``[tool.curator]`` in ``pyproject.toml``, found like
ruff does.

The nearest folder (from the start folder up) that has either file wins; ``curator.toml``
beats ``pyproject.toml`` in the same folder. The values are validated with every other
setting in :mod:`curator.core.engine.settings`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.core.model.settings import SettingsError
from curator.core.model.tomlfile import read_toml


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


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
    """Load ``path``, or the nearest config above ``start`` (a data file's folder: the same
    file's settings whoever checks it), else the nearest above the current folder."""
    source = path or (find_config(start) if start is not None else None) or find_config(
        Path.cwd())
    if source is None:
        return Config()
    data = read_toml(source, SettingsError, "config file")
    if source.name == "pyproject.toml":
        data = data.get("tool", {}).get("curator", {})
        if not isinstance(data, dict):
            raise SettingsError(f"{source}: [tool.curator] must be a table of settings")
    return Config(data, source)
