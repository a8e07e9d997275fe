"""Settings: one validated object, in sections, that the CLI and the app both build.

Each family declares the settings it reads as a :class:`Section` (a frozen pydantic model)
whose fields carry their help text, the commands that take them and, for the app, a label.
The engine joins every registered family's section and the :class:`CoreSettings` into one
:class:`Settings`: a value from the config file or a flag goes to the one section that
declares its key. One name per setting: the config key ``near_duplicate_threshold`` is the
flag ``--near-duplicate-threshold`` and the app's preference of the same name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo

from curator.core.model.codes import CODES
from curator.core.model.findings import code_matches
from curator.core.model.shapes import Shape
from curator.core.model.targets import Target

VALIDATE, EXPORT, DEDUP = "validate", "export", "dedup"
CHECKS = (VALIDATE, EXPORT)  # commands that run every check
DASK_ADDRESS = re.compile(r"([a-z][a-z0-9+]*://)?\[?[\w.:-]+\]?:\d+")  # tcp://host:8786


class SettingsError(ValueError):
    """A setting that cannot be used; the message names where it came from and the fix."""


def setting(default: Any, help: str, *, label: str = "", aliases: Sequence[str] = (),
            commands: Sequence[str] = CHECKS, metavar: str = "", flag_value: str = "",
            **constraints: Any) -> Any:
    """A settings field: ``help`` for --help and the app's tooltip, ``label`` for the app's
    preferences (none: not shown there), ``aliases`` older flag names that still work,
    ``flag_value`` the value of the flag given without one (its value is then optional)."""
    extra: dict[str, Any] = {"label": label, "aliases": list(aliases),
                             "commands": list(commands), "metavar": metavar,
                             "flag_value": flag_value}
    return Field(default, description=help, json_schema_extra=extra, **constraints)


class Section(BaseModel):
    """A group of settings (one per family that has any)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: Any) -> Any:
        annotation = cls.model_fields[info.field_name].annotation
        if isinstance(value, bool) and annotation not in (bool, bool | None):
            raise ValueError("must not be true or false")
        return value


def split_list(value: Any) -> Any:
    """``"S,J002"`` or ``["S", "J002,C"]`` -> ``("S", "J002", "C")``; other types as they are."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(part.strip() for v in value for part in v.split(",") if part.strip())
    return value


def relative_to(folder: Path, value: Any) -> Any:
    """Paths (a string or a list of them) in a config file, relative to its folder; other
    values as they are (validation says what is wrong with them)."""
    if isinstance(value, str):
        return folder / value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [folder / v for v in value]
    return value


class CoreSettings(Section):
    """What every check run reads: which codes, which shape, which model, how many workers."""

    select: tuple[str, ...] = setting(
        ("ALL",), "Only these codes or prefixes (e.g. S,J002).", metavar="CODES")
    ignore: tuple[str, ...] = setting(
        (), "Skip these codes or prefixes (e.g. C001).", metavar="CODES")
    shape: Shape | None = setting(
        None, "Force a shape instead of detecting it.", label="Shape (empty: detect)")
    target: Target | None = setting(
        None, "Model to check token limits against (see `curator-cli cost`).",
        label="Target model", commands=(*CHECKS, "stats"), metavar="MODEL")
    targets_file: Path | None = setting(
        None, "A TOML file that adds or overrides model targets.", aliases=("--targets",),
        commands=(*CHECKS, "stats", "cost"), metavar="FILE")
    workers: int | None = setting(
        None, "Processes to use (default: all cores; a small file, two at most).", ge=1,
        metavar="N", commands=(*CHECKS, DEDUP))
    max_line_bytes: int = setting(
        64 << 20, "Longest line read, in bytes (a longer one is J007, not read further).",
        ge=1024, metavar="BYTES", commands=(*CHECKS, DEDUP, "stats", "cost"))
    dask: str | None = setting(
        None, "Run the checks on a Dask cluster: a scheduler's address (tcp://host:8786), or "
        "'local' (the flag alone) for a cluster on this machine; needs the dask extra.",
        metavar="ADDRESS", flag_value="local", commands=(*CHECKS, DEDUP))

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        value = split_list(value)
        if isinstance(value, tuple):
            value = tuple(v.upper() for v in value)
            unknown = [v for v in value if v != "ALL" and not any(
                code_matches(code, (v,)) for code in CODES)]
            if unknown:
                raise ValueError(f"unknown code or prefix {', '.join(unknown)}; "
                                 "`curator-cli codes` lists them")
        return value

    @field_validator("dask")
    @classmethod
    def _dask(cls, value: str | None) -> str | None:
        if value is None or value == "local" or DASK_ADDRESS.fullmatch(value):
            return value
        raise ValueError(
            "must be 'local' or a scheduler's address such as tcp://host:8786; with a "
            "file after it, write --dask=ADDRESS or put --dask after the file")

    @field_validator("shape", mode="before")
    @classmethod
    def _shape(cls, value: Any) -> Any:
        known = [s.value for s in Shape if s is not Shape.UNKNOWN]
        if value == Shape.UNKNOWN or (isinstance(value, str) and value not in known):
            raise ValueError(f"must be one of {', '.join(known)} (or left out to detect it)")
        return value


S = TypeVar("S", bound=Section)


@dataclass(frozen=True)
class Settings:
    """Every section's validated values, where each value came from, and the config used."""

    sections: tuple[Section, ...]
    origins: Mapping[str, str] = field(default_factory=dict)  # key -> "curator.toml", "--x"
    config: str | None = None  # the config file read, if any
    notes: tuple[str, ...] = ()  # config files found but not read, and why

    @classmethod
    def build(cls, models: Sequence[type[Section]], values: Mapping[str, Any] | None = None,
              origins: Mapping[str, str] | None = None, config: str | None = None,
              notes: Sequence[str] = ()) -> Settings:
        """Validate ``values`` (by key) into the sections; SettingsError names the problem."""
        values, origins = dict(values or {}), dict(origins or {})
        owner = {key: model for model in models for key in model.model_fields}
        unknown = [key for key in values if key not in owner]
        if unknown:
            key = unknown[0]
            raise SettingsError(f"{origins.get(key, 'settings')}: unknown setting `{key}`; "
                                f"known settings are {', '.join(sorted(owner))}")
        sections = []
        for model in models:
            mine = {k: v for k, v in values.items() if owner[k] is model}
            try:
                sections.append(model.model_validate(mine))
            except ValidationError as exc:
                raise SettingsError(_explain(exc, model, origins)) from None
        return cls(tuple(sections), origins, config, tuple(notes))

    def of(self, model: type[S]) -> S:
        """The section ``model`` (a family's own settings), with defaults if not registered."""
        for section in self.sections:
            if type(section) is model:
                return section
        return model()

    @property
    def core(self) -> CoreSettings:
        return self.of(CoreSettings)

    def values(self) -> dict[str, Any]:
        """Every setting by key."""
        return {k: v for s in self.sections for k, v in s.model_dump().items()}

    def replace(self, origin: str = "", **changes: Any) -> Settings:
        """A copy with some values changed (validated again)."""
        values = {k: v for s in self.sections for k, v in _set_fields(s)}
        values.update(changes)
        origins = dict(self.origins) | {k: origin or f"--{k.replace('_', '-')}" for k in changes}
        return Settings.build([type(s) for s in self.sections], values, origins, self.config,
                              self.notes)


def _set_fields(section: Section) -> Iterator[tuple[str, Any]]:
    for key in section.model_fields_set:
        yield key, getattr(section, key)


def fields_of(models: Sequence[type[Section]]) -> Iterator[tuple[str, FieldInfo]]:
    """Every setting's key and field, in declaration order."""
    for model in models:
        yield from model.model_fields.items()


def extra(info: FieldInfo, name: str) -> Any:
    """A setting's metadata (``label``, ``aliases``, ``commands``, ``metavar``)."""
    data = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return data.get(name)


def _explain(error: ValidationError, model: type[Section], origins: Mapping[str, str]) -> str:
    problems = []
    for item in error.errors(include_url=False):
        key = str(item["loc"][0]) if item["loc"] else "?"
        where = origins.get(key, "settings")
        shown = item.get("input")
        got = f" (got {shown!r})" if key in origins else ""
        message = item["msg"]
        message = message[0].lower() + message[1:] if message else message
        message = message.replace("value error, ", "").replace("input should be", "must be")
        allowed = _allowed(model.model_fields.get(key))
        problems.append(f"{where}: setting `{key}` {message}{got}{allowed}")
    return "; ".join(problems)


def _allowed(info: FieldInfo | None) -> str:
    """``; allowed: a number from 0.1 to 1`` from a field's constraints."""
    if info is None:
        return ""
    low = high = None
    for rule in info.metadata:
        low = getattr(rule, "ge", None) if getattr(rule, "ge", None) is not None else low
        low = getattr(rule, "gt", None) if getattr(rule, "gt", None) is not None else low
        high = getattr(rule, "le", None) if getattr(rule, "le", None) is not None else high
    if low is not None and high is not None:
        return f"; allowed: from {low} to {high}"
    if low is not None:
        return f"; allowed: at least {low}"
    return ""

