"""Command-line options made from the settings every family declares, one name each.

A setting ``near_duplicate_threshold`` is the flag ``--near-duplicate-threshold`` (older
names stay as aliases); its help comes from its declaration, and its value is validated with
the config file's values into one Settings object (errors name the flag).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from curator.cli.common import fail
from curator.core.api import (
    Settings,
    SettingsError,
    Source,
    TargetError,
    extra,
    fields_of,
    flag,
    load_settings,
    sections,
)

F = TypeVar("F", bound=Callable[..., Any])


def _choices(annotation: Any) -> list[str] | None:
    """The allowed values of a Literal or Enum setting (None also allowed is left out)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in args]
    if len(args) == 1:
        return _choices(args[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation if m.value != "unknown"]
    return None


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return origin is tuple


def setting_options(command: str) -> Callable[[F], F]:
    """Add a click option for every setting that ``command`` takes."""

    def decorate(function: F) -> F:
        for key, info in reversed(list(fields_of(sections()))):
            if command not in (extra(info, "commands") or ()):
                continue
            decls = [flag(key), *(extra(info, "aliases") or ()), key]
            annotation = info.annotation
            kwargs: dict[str, Any] = {"help": info.description, "default": None}
            if annotation is bool:
                kwargs["is_flag"] = True
            elif extra(info, "flag_value"):  # --dask alone, or --dask ADDRESS
                kwargs.update(is_flag=False, flag_value=extra(info, "flag_value"),
                              metavar=f"[{extra(info, 'metavar')}]")
            elif (choices := _choices(annotation)) is not None:
                kwargs["type"] = click.Choice(choices)
            else:
                kwargs["metavar"] = extra(info, "metavar") or None
                kwargs["multiple"] = _is_list(annotation)
                if kwargs["multiple"]:
                    kwargs["default"] = ()
            function = click.option(*decls, **kwargs)(function)
        return function

    return decorate


def overrides(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings given on the command line (options left out are not settings)."""
    keys = {key for key, _ in fields_of(sections())}
    out = {k: v for k, v in values.items() if k in keys and v is not None and v != ()}
    if "select" in out and "ignore" not in out:
        out["ignore"] = ()  # a --select replaces the config's whole selection, as in ruff
    return out


def _start(source: Source | None) -> Path | None:
    """Where the config search starts: the data file's folder (a pipe's, such as
    ``/dev/fd/63``, is no project: the current folder's search is used)."""
    if source is None:
        return None
    folder = Path(source.shown).absolute().parent
    if source.spooled and folder.parts[1:2] in (("dev",), ("proc",)):
        return None
    return folder.resolve()


def settings_for(values: Mapping[str, Any], config: Path | None = None,
                 source: Source | None = None) -> Settings:
    """The config file's settings with the command line's on top; exits 2 on a bad one.

    The config is ``config``, else the nearest above the ``source`` file (as the app finds
    it), else the nearest above the current folder. A config found but not read (someone
    else could have written it) is said once on stderr."""
    try:
        settings = load_settings(config, _start(source), overrides=overrides(values))
    except (SettingsError, TargetError) as exc:
        fail(str(exc))
    context = click.get_current_context(silent=True)
    noted: set[str] = context.meta.setdefault("curator.noted", set()) if context else set()
    for note in settings.notes:  # once per run, however many files are checked
        if note not in noted:
            noted.add(note)
            click.echo(f"curator-cli: warning: {note}", err=True)
    return settings
