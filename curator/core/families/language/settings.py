"""The settings the language family reads."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from curator.core.model.settings import Section, setting, split_list


class LanguageSettings(Section):
    lang: tuple[str, ...] = setting(
        (), "Expected languages, e.g. en,de (default: the file's majority).",
        label="Expected languages (empty: the file's majority)", metavar="CODES")
    language_engine: Literal["fasttext", "langdetect"] = setting(
        "fasttext", "fasttext (default: more accurate, fast) or langdetect.",
        label="Language detector")

    @field_validator("lang", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        value = split_list(value)
        return tuple(v.lower() for v in value) if isinstance(value, tuple) else value
