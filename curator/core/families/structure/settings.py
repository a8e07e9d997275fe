"""The settings the structure family reads: the trainer whose turn rules apply."""

from __future__ import annotations

from typing import Literal

from curator.core.model.settings import Section, setting

Profile = Literal["openai", "together", "llama-factory", "axolotl", "trl"]


class StructureSettings(Section):
    profile: Profile = setting(
        "openai", "The trainer whose turn rules decide what is an error and what a warning: "
        "openai, together, llama-factory, axolotl or trl (docs/trainers.md).",
        label="Trainer profile (turn rules)")
