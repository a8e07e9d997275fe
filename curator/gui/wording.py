"""Findings speak the CLI's language ("add the language with --lang"); in the app a hint
names the preference instead ("add the language in Edit › Preferences › Expected
languages"). Flags come from the settings the families declare, so a new setting is named
right without a change here."""

from __future__ import annotations

import re
from functools import cache

from curator.core.api import extra, fields_of, sections

FLAG = re.compile(r"(?:with |using |pass |set )?(--[a-z][a-z0-9-]*)"
                  r"(?: ([a-z0-9_.,-]+?)(?=[;).,]?(?:\s|$)))?")


@cache
def preference_labels() -> dict[str, str]:
    """Each flag (and alias) of a setting the preferences show, with the setting's label."""
    out: dict[str, str] = {}
    for key, info in fields_of(sections()):
        label = extra(info, "label")
        if not label:
            continue
        for flag in (f"--{key.replace('_', '-')}", *(extra(info, "aliases") or ())):
            out[flag] = label
    return out


def for_app(message: str) -> str:
    """``message`` with CLI flags of preferences named as the app's preferences."""
    labels = preference_labels()

    def swap(match: re.Match[str]) -> str:
        label = labels.get(match.group(1))
        if label is None:
            return match.group(0)
        where = f"in Edit › Preferences › {label.split(' (')[0]}"
        return f"choose {match.group(2)} {where}" if match.group(2) else where

    return FLAG.sub(swap, message)
