"""Settings files: ``curator.toml`` or ``[tool.curator]`` in ``pyproject.toml``, found like
ruff does.

The nearest folder (from the start folder up) that has either file wins; ``curator.toml``
beats ``pyproject.toml`` in the same folder. A ``pyproject.toml`` on the way that is not valid
TOML is an error naming it (never passed over in silence). A config file found this way is
read only when it is the user's own: one owned by another user, or that others may write, is
skipped with a note saying why (as git refuses a repository owned by someone else), so a file
planted in a shared parent folder cannot silence the checks; ``--config FILE`` is read as
given. The values are validated with every other setting in
:mod:`curator.core.engine.settings`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.core.model.settings import SettingsError
from curator.core.model.tomlfile import read_toml


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None
    skipped: list[str] = field(default_factory=list)  # why each config found was not read


def _private_group(gid: int) -> bool:
    """True for the user's own group (a group of one, named as the user: umask 002 makes
    files writable by it)."""
    try:
        import grp
        import pwd

        group, user = grp.getgrgid(gid), pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return False
    return group.gr_name == user and set(group.gr_mem) <= {user}


def unsafe(path: Path) -> str | None:
    """Why the config ``path`` must not be read (someone else could have written it), or
    None. On Windows, where owners and mode bits say nothing of the kind, nothing is."""
    if os.name != "posix":
        return None
    info = path.stat()
    if info.st_uid != os.getuid():
        return (f"it is owned by another user (uid {info.st_uid}); make it yours (chown) or "
                f"pass --config {path} to use it anyway")
    if info.st_mode & stat.S_IWOTH or (
            info.st_mode & stat.S_IWGRP and not _private_group(info.st_gid)):
        who = "every user" if info.st_mode & stat.S_IWOTH else "its group"
        return (f"{who} may write it; make it writable by you alone (chmod go-w {path}) or "
                f"pass --config {path} to use it anyway")
    return None


def find_config(start: Path, skipped: list[str] | None = None) -> Path | None:
    """The nearest config above ``start``; each one passed over is explained in ``skipped``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in ("curator.toml", "pyproject.toml"):
            path = candidate / name
            if not path.is_file():
                continue
            why = unsafe(path)
            if why is not None:
                if skipped is not None:
                    skipped.append(f"{path}: not read: {why}")
                continue
            if name == "curator.toml" or _has_tool_section(path):
                return path
    return None


def _has_tool_section(path: Path) -> bool:
    data = read_toml(path, SettingsError, "pyproject.toml on the config search path")
    return isinstance(data.get("tool"), dict) and "curator" in data["tool"]


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load ``path``, or the nearest config above ``start`` (a data file's folder: the same
    file's settings whoever checks it), else the nearest above the current folder."""
    skipped: list[str] = []
    source = path or (find_config(start, skipped) if start is not None else None) or (
        find_config(Path.cwd(), skipped))
    if source is None:
        return Config(skipped=skipped)
    data: Any = read_toml(source, SettingsError, "config file")
    if source.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("curator", {}) if isinstance(tool, dict) else None
        if not isinstance(data, dict):
            raise SettingsError(f"{source}: [tool.curator] must be a table of settings "
                                "(and `tool` a table)")
    return Config(data, source, skipped)
