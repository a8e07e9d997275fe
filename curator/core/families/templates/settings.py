"""The settings of the templates family: the open model's tokenizer and chat template files,
and TRL's ``max_length``. Each is a flag, a config key and a preference of the same name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from pydantic import field_validator

from curator.core.families.templates.render import compiled
from curator.core.families.templates.tokenizer_files import TokenizerFileError, from_file
from curator.core.model.settings import CHECKS, Section, setting

COMMANDS = (*CHECKS, "stats")
TRL_MAX_LENGTH = 1024  # SFTConfig.max_length's default


class TemplateSettings(Section):
    tokenizer: Path | None = setting(
        None, "The open model's tokenizer: a local tokenizer.json, or a tiktoken-format "
        "tokenizer.model (Llama 3's); makes its token counts exact.",
        label="Tokenizer file (open models)", commands=COMMANDS, metavar="PATH")
    chat_template: Path | None = setting(
        None, "A Jinja chat template (.jinja) to render open-model examples with, in place of "
        "TRL's (mark the trained part with {% generation %}).",
        label="Chat template file (open models)", commands=COMMANDS, metavar="PATH")
    max_length: int = setting(
        TRL_MAX_LENGTH, "TRL's SFTConfig.max_length: tokens beyond it are cut (0: no limit).",
        ge=0, label="TRL max_length (tokens; 0: none)", commands=COMMANDS, metavar="N")

    @field_validator("tokenizer", mode="after")
    @classmethod
    def _readable_tokenizer(cls, value: Path | None) -> Path | None:
        if value is not None:
            try:
                from_file(value, None)
            except TokenizerFileError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("chat_template", mode="after")
    @classmethod
    def _readable_template(cls, value: Path | None) -> Path | None:
        if value is not None:
            template_source(value)
        return value


def template_source(path: Path) -> str:
    """A template file's text, compiled once to check it (ValueError says what is wrong)."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the chat template ({_reason(exc)})") from None
    try:
        compiled(source)
    except jinja2.TemplateSyntaxError as exc:
        raise ValueError(f"{path}: line {exc.lineno}: {exc.message}") from None
    return source


def _reason(exc: Any) -> str:
    return str(getattr(exc, "strerror", None) or exc)
