"""Error messages for the targets table: the file, the ``[model]`` table, the key and the
allowed range, from pydantic's errors and the fields' descriptions."""

from __future__ import annotations

import math
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


class TargetError(ValueError):
    """A targets file or a target name that cannot be used; the message says how to fix it."""


# keys of the flat table Curator read before prices came in tables: where each went
MOVED = {
    "training_per_1m": "per_1m in [{name}.training]",
    "input_per_1m": "input in [{name}.fine_tuned] (and [{name}.base] for the model as it is)",
    "output_per_1m": "output in [{name}.fine_tuned] (and [{name}.base] for the model as it is)",
    "throughput_tokens_per_s": "throughput_low and throughput_high in [{name}.training]",
    "gpu_hourly_usd": "gpu_hourly_low and gpu_hourly_high in [{name}.training]",
}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``Inference | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _owner(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class whose field ``loc[-1]`` is."""
    cls: type[BaseModel] | None = root
    for part in loc[:-1]:
        if cls is None or part not in cls.model_fields:
            return None
        cls = _model_in(cls.model_fields[str(part)].annotation)
    return cls


def _shown(value: Any) -> str:
    """A value as it reads in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _one(error: ErrorDetails, name: str, root: type[BaseModel]) -> str:
    loc = tuple(error["loc"])
    where = ".".join([name, *(str(p) for p in loc[:-1])]) if loc else name
    key = str(loc[-1]) if loc else ""
    owner = _owner(root, loc) if loc else None
    field = owner.model_fields.get(key) if owner is not None else None
    kind = error["type"]
    if not loc:  # a rule over the model's own fields
        return f"[{name}] {_reason(error)}"
    if kind == "extra_forbidden":
        if key in MOVED:
            return (f"[{where}] `{key}` is no longer a key: prices are in tables now; write "
                    + MOVED[key].format(name=name) + " (see Curator's targets.toml)")
        known = sorted(set(owner.model_fields) - {"name"}) if owner is not None else []
        return f"[{where}] has unknown field `{key}`; known fields are " + ", ".join(known)
    if field is not None and _model_in(field.annotation) is not None:
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            return (f"[{where}] `{key}` must be a table [{where}.{key}], not "
                    f"{_shown(error['input'])}")
        if kind == "missing":
            return f"[{where}] lacks the table [{where}.{key}]: {field.description}"
        return f"[{where}.{key}] {_reason(error)}"
    rule = field.description if field is not None and field.description else error["msg"]
    if kind == "missing":
        return f"[{where}] lacks `{key}`, {rule}"
    return f"[{where}] {key} must be {rule}, not {_shown(error['input'])}"


def _reason(error: ErrorDetails) -> str:
    context = error.get("ctx") or {}
    return str(context.get("error", error["msg"]))


def _origin(loc: tuple[int | str, ...], mine: dict[str, Any] | None, builtin: Path,
            user: Path | None) -> Path:
    """The file the faulty value came from: the user's file if it set it, else the table."""
    if mine is None or user is None:
        return builtin
    node: Any = mine
    for part in loc:
        if not isinstance(node, dict) or part not in node:
            return builtin
        node = node[part]
    return user


def explain(exc: ValidationError, name: str, root: type[BaseModel],
            mine: dict[str, Any] | None, builtin: Path, user: Path | None) -> str:
    """One line per problem: ``FILE: [model] key must be RANGE, not VALUE``."""
    lines = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _origin(loc, mine, builtin, user)
        if error["type"] == "missing" and mine is not None and user is not None:
            path = user
        lines.append(f"{path}: {_one(error, name, root)}")
    return "\n".join(lines)
