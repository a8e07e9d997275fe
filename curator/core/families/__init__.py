"""The registry of check families: one line per family, in the order they run.

A family's row check may read what the families before it published about the same row
(its ``reads``), so the order matters; :func:`registered` checks it. Adding a family is one
folder below this one plus one line in :data:`TABLE`; see docs/families.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from curator.core.families.protocol import Family
from curator.core.model.codes import CODES, unregister_codes

TABLE = (
    "curator.core.families.jsonlines",  # J: the bytes of each line
    "curator.core.families.schema",  # S: each example against its shape
    "curator.core.families.templates",  # M: open models' chat templates, trained tokens
    "curator.core.families.tokens",  # T, O: tokens, limits, length outliers (reads templates)
    "curator.core.families.duplicates",  # D, N: exact and near duplicates (reads tokens)
    "curator.core.families.repetition",  # R: replies stuck in a loop, repeated text
    "curator.core.families.language",  # L: the language of each example (reads repetition)
    "curator.core.families.structure",  # C: how the turns flow
    "curator.core.families.special_tokens",  # K: control tokens in the text
    "curator.core.families.tools",  # U, S016, S022: tool calls against their definitions
    "curator.core.families.pii",  # P: secrets and personal data
    "curator.core.families.contamination",  # E: overlap with evaluation sets (--against)
)

_FAMILIES: list[Family] = [importlib.import_module(name).FAMILY for name in TABLE]


def registered() -> list[Family]:
    """Every registered family, in order."""
    return list(_FAMILIES)


def named(name: str) -> Family:
    for family in _FAMILIES:
        if family.name == name:
            return family
    raise KeyError(f"no check family named {name!r}; known: "
                   + ", ".join(f.name for f in _FAMILIES))


def check_order(families: list[Family]) -> None:
    """Every family reads only families that run before it, and names are unique."""
    seen: set[str] = set()
    for family in families:
        if family.name in seen:
            raise ValueError(f"two check families are named {family.name!r}")
        missing = [name for name in family.reads if name not in seen]
        if missing:
            raise ValueError(f"the {family.name} family reads {', '.join(missing)}, which "
                             "must be registered before it")
        seen.add(family.name)


check_order(_FAMILIES)


def register(family: Family) -> None:
    """Add a family after the built-in ones, with its codes."""
    check_order([*_FAMILIES, family])
    CODES.update(family.codes)
    _FAMILIES.append(family)


def unregister(family: Family) -> None:
    _FAMILIES.remove(family)
    unregister_codes(dict(family.codes))


@contextmanager
def registered_for_now(family: Family) -> Iterator[Family]:
    """Register ``family`` for the length of a ``with`` block (tests, experiments)."""
    register(family)
    try:
        yield family
    finally:
        unregister(family)
