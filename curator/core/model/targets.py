"""The model table: encoding, per-example token limit, prices with their source and date.

Built-in entries live in ``resources/targets.toml``; a user file adds entries or overrides
single fields of existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from curator.core.model.resources import resource_path
from curator.core.model.tomlfile import read_toml

ENCODINGS = ("o200k_base", "cl100k_base")  # the tokenizer files Curator ships


class TargetError(ValueError):
    """A targets file or a target name that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Target:
    name: str
    provider: str  # "openai" or "trl"
    encoding: str
    token_limit: int
    source: str
    as_of: str
    training_per_1m: float | None = None  # OpenAI: price per 1M trained tokens
    input_per_1m: float = 0.0
    output_per_1m: float = 0.0
    throughput_tokens_per_s: float | None = None  # open models: GPU training throughput
    gpu_hourly_usd: float | None = None
    method: str = ""
    exact_tokens: bool = True

    def training_cost(self, training_tokens: int) -> float:
        """Dollars to train on ``training_tokens`` (billed tokens x epochs)."""
        if self.training_per_1m is not None:
            return training_tokens / 1e6 * self.training_per_1m
        if self.throughput_tokens_per_s and self.gpu_hourly_usd is not None:
            hours = training_tokens / self.throughput_tokens_per_s / 3600
            return hours * self.gpu_hourly_usd
        raise TargetError(
            f"target {self.name} has no price: give training_per_1m, or "
            "throughput_tokens_per_s and gpu_hourly_usd"
        )

    @property
    def price_note(self) -> str:
        if self.training_per_1m is not None:
            return f"${self.training_per_1m:.2f} per 1M training tokens"
        return (f"{self.throughput_tokens_per_s:,.0f} tokens/s at ${self.gpu_hourly_usd:.2f}/h "
                f"({self.method})")


_FIELDS = {f.name: f for f in fields(Target)}
_REQUIRED = ("provider", "encoding", "token_limit", "source", "as_of")


def _read(path: Path) -> dict[str, dict[str, Any]]:
    data = read_toml(path, TargetError, "targets file")
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise TargetError(f"{path}: `{name}` must be a table like [\"{name}\"]")
        for key in entry:
            if key not in _FIELDS or key == "name":
                raise TargetError(
                    f"{path}: [{name}] has unknown field `{key}`; known fields are "
                    + ", ".join(sorted(set(_FIELDS) - {"name"}))
                )
    return data


def _build(name: str, entry: dict[str, Any], path: Path) -> Target:
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise TargetError(f"{path}: [{name}] lacks {', '.join(missing)}")
    if entry["encoding"] not in ENCODINGS:
        raise TargetError(
            f"{path}: [{name}] encoding {entry['encoding']!r} is not shipped; use one of "
            + ", ".join(ENCODINGS)
        )
    try:
        target = Target(name=name, **entry)
    except TypeError as exc:
        raise TargetError(f"{path}: [{name}] {exc}") from exc
    if not isinstance(target.token_limit, int) or target.token_limit <= 0:
        raise TargetError(f"{path}: [{name}] token_limit must be a positive whole number")
    return target


def load_targets(user_file: Path | None = None) -> dict[str, Target]:
    """Built-in targets, with ``user_file``'s entries added or merged field by field."""
    builtin = resource_path("targets.toml")
    entries = {name: (dict(entry), builtin) for name, entry in _read(builtin).items()}
    if user_file is not None:
        for name, entry in _read(user_file).items():
            base = entries.get(name, ({}, user_file))[0]
            entries[name] = ({**base, **entry}, user_file)
    return {name: _build(name, entry, path) for name, (entry, path) in entries.items()}


def find_target(name: str, targets: dict[str, Target]) -> Target:
    if name in targets:
        return targets[name]
    matches = [t for key, t in targets.items() if key.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    raise TargetError(
        f"unknown target {name!r}; known targets: " + ", ".join(sorted(targets))
    )
