"""The settings the tokens family reads (the target model itself is a core setting)."""

from __future__ import annotations

from curator.core.model.settings import EXPORT, Section, setting


class TokenSettings(Section):
    keep_over_limit: bool = setting(
        False, "Keep rows over the target's token limit (they are dropped by default).",
        commands=(EXPORT,), label="Export: keep rows over the target's limit")
