"""The settings the duplicates family reads."""

from __future__ import annotations

from typing import Literal

from curator.core.families.duplicates.minhash import DEFAULT_THRESHOLD
from curator.core.model.settings import CHECKS, DEDUP, EXPORT, Section, setting

SCOPES = {"all": frozenset({"user", "assistant"}), "prompts": frozenset({"user"}),
          "answers": frozenset({"assistant"})}


class DuplicateSettings(Section):
    near_duplicate_threshold: float = setting(
        DEFAULT_THRESHOLD, "Near-duplicate similarity threshold (Jaccard of token shingles).",
        label="Near-duplicate threshold (Jaccard)", aliases=("--threshold",),
        commands=(*CHECKS, DEDUP), ge=0.1, le=1.0, metavar="0.1-1.0")
    near_scope: Literal["all", "prompts", "answers"] = setting(
        "all", "Near duplicates over user and assistant text (all), prompts or answers.",
        label="Near duplicates compare", aliases=("--scope",), commands=(*CHECKS, DEDUP))
    drop_duplicates: bool = setting(
        False, "Keep one member of each duplicate cluster.", commands=(EXPORT,),
        label="Export: keep one member of each duplicate cluster")
    keep: Literal["first", "longest"] = setting(
        "first", "Which member of a cluster to keep.", commands=(DEDUP,))
