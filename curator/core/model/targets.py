"""The model table: encoding, per-example token limit, and prices with their source and date.

Built-in entries live in ``resources/targets.toml``; a user file (``--targets FILE``) adds
entries or overrides single fields of existing ones, table by table and key by key. A price
a user file sets is sourced to that file unless it says otherwise (its table's ``source`` /
``as_of``, else the model's, else the file's path and the day it was last changed). Every
field is validated once, here, with pydantic; an error names the file, the ``[model]``
table, the key and the allowed range.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from curator.core.model.prices import (
    GPU_FIELDS,
    GROUPS,
    CacheRule,
    Day,
    Inference,
    Text,
    Training,
    WholeTokens,
)
from curator.core.model.resources import resource_path
from curator.core.model.target_errors import TargetError, explain
from curator.core.model.tomlfile import read_toml

__all__ = ["CHAT_FORMATS", "ENCODINGS", "OPEN_TOKENIZERS", "Target", "TargetError", "find_target",
           "load_targets", "read_targets"]

ENCODINGS = ("o200k_base", "cl100k_base")  # OpenAI's encodings, shipped
OPEN_TOKENIZERS = ("qwen2.5", "llama3", "mistral")  # open models (families/templates/models.py)
# the chat formats whose control tokens Curator knows (the special-token family's table,
# curator/core/families/special_tokens/formats.py; a test keeps the two equal)
CHAT_FORMATS = ("openai", "harmony", "chatml", "qwen2.5", "llama3", "llama4", "llama2",
                "mistral", "gemma", "phi3", "phi4", "zephyr", "deepseek")


def _shipped(encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise ValueError("not shipped")
    return encoding


def _open(tokenizer: str | None) -> str | None:
    if tokenizer is not None and tokenizer not in OPEN_TOKENIZERS:
        raise ValueError("unknown tokenizer")
    return tokenizer


def _known_format(name: str | None) -> str | None:
    if name is not None and name not in CHAT_FORMATS:
        raise ValueError("unknown chat format")
    return name


class Target(BaseModel):
    """One model: what it accepts per example and what training and requests cost."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str
    provider: Text
    encoding: Annotated[str, AfterValidator(_shipped)] = Field(
        description="one of " + ", ".join(ENCODINGS))
    token_limit: WholeTokens = Field(description="a whole number > 0 (tokens per training "
                                                 "example)")
    exact_tokens: bool = Field(True, description="true or false")
    tokenizer: Annotated[str | None, AfterValidator(_open)] = Field(
        None, description="one of " + ", ".join(OPEN_TOKENIZERS) + " (an open model: its "
        "tokenizer and the chat template TRL trains it with)")
    method: str = Field("", description="a string (how the model is trained)")
    chat_format: Annotated[str | None, AfterValidator(_known_format)] = Field(
        None, description="one of " + ", ".join(CHAT_FORMATS) + " (the chat format the model "
        "is trained in: its control tokens must not appear in the text)")
    source: Text | None = Field(None, description="a non-empty string (the default source "
                                                  "of this model's price tables)")
    as_of: Day | None = Field(None, description="a date YYYY-MM-DD (the default date of "
                                                "this model's price tables)")
    training: Training = Field(description="give per_1m (dollars per 1M trained tokens), or "
                                           "GPU time: " + ", ".join(GPU_FIELDS))
    base: Inference | None = None
    fine_tuned: Inference | None = None
    cache: CacheRule | None = None

    @property
    def price_note(self) -> str:
        """The training price in a few words."""
        t = self.training
        if t.per_1m is not None:
            return f"${t.per_1m:.2f} per 1M training tokens"
        return (f"{_span(t.throughput_low, t.throughput_high, '{:,.0f}')} tokens/s at "
                f"${_span(t.gpu_hourly_low, t.gpu_hourly_high, '{:.2f}')}/GPU-hour"
                + (f" ({self.method})" if self.method else ""))


def _span(low: float | None, high: float | None, form: str) -> str:
    if low == high:
        return form.format(low)
    return form.format(low) + "–" + form.format(high)


_WAYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "training": (("per_1m",), GPU_FIELDS),
    "base": (("input", "cached_input", "output"), ("hosting_per_hour", "hours_per_month")),
    "fine_tuned": (("input", "cached_input", "output"), ("hosting_per_hour", "hours_per_month")),
}


def _read(path: Path) -> dict[str, dict[str, Any]]:
    data = read_toml(path, TargetError, "targets file")
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise TargetError(f"{path}: `{name}` must be a table like [\"{name}\"], "
                              f"not {entry!r}")
    return data


def _inherit(entry: dict[str, Any], source: Any, as_of: Any) -> dict[str, Any]:
    """``entry`` with ``source`` / ``as_of`` filled into each price table that lacks them."""
    out = dict(entry)
    for group in GROUPS:
        table = out.get(group)
        if isinstance(table, dict):
            table = dict(table)
            if source is not None:
                table.setdefault("source", source)
            if as_of is not None:
                table.setdefault("as_of", as_of)
            out[group] = table
    return out


def _merge(base: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """``mine`` over ``base``, key by key inside each price table; a table that switches to
    the other way of pricing (``per_1m`` instead of GPU time, ...) drops the old one's keys."""
    out = {**base, **mine}
    for group, ways in _WAYS.items():
        old, new = base.get(group), mine.get(group)
        if isinstance(old, dict) and isinstance(new, dict):
            kept = dict(old)
            for way, other in (ways, ways[::-1]):
                if any(key in new for key in way):
                    for key in other:
                        kept.pop(key, None)
            out[group] = {**kept, **new}
    return out


Checked = tuple[str, dict[str, Any], dict[str, Any] | None, Path]  # name, entry, mine, file


def _validate(entries: list[Checked], user: Path | None) -> dict[str, Target]:
    """Every target, or one TargetError listing every problem of every target."""
    targets: dict[str, Target] = {}
    problems: list[str] = []
    for name, entry, mine, table in entries:
        try:
            targets[name] = Target.model_validate({**entry, "name": name})
        except ValidationError as exc:
            problems.append(explain(exc, name, Target, mine, table, user))
    if problems:
        raise TargetError("\n".join(problems))
    return targets


def read_targets(path: Path) -> dict[str, Target]:
    """A complete table of targets, as the built-in one: every price table must carry its
    ``source`` and ``as_of`` (its own, or its model's)."""
    return _validate([(name, _inherit(entry, entry.get("source"), entry.get("as_of")), None,
                       path) for name, entry in _read(path).items()], None)


def _changed_on(path: Path) -> str:
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def load_targets(user_file: Path | None = None) -> dict[str, Target]:
    """Built-in targets, with ``user_file``'s entries added or merged field by field."""
    builtin = resource_path("targets.toml")
    entries: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
        name: (_inherit(entry, entry.get("source"), entry.get("as_of")), None)
        for name, entry in _read(builtin).items()}
    shipped = set(entries)
    if user_file is not None:
        for name, entry in _read(user_file).items():
            mine = _inherit(entry, entry.get("source", str(user_file)),
                            entry.get("as_of", _changed_on(user_file)))
            base = entries.get(name, ({}, None))[0]
            entries[name] = (_merge(base, mine), mine)
    return _validate([(name, entry, mine, builtin if name in shipped or user_file is None
                       else user_file) for name, (entry, mine) in entries.items()], user_file)


def find_target(name: str, targets: dict[str, Target]) -> Target:
    if name in targets:
        return targets[name]
    matches = [t for key, t in targets.items() if key.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    raise TargetError(
        f"unknown target {name!r}; known targets: " + ", ".join(sorted(targets))
    )
