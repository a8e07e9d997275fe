"""The settings the contamination family reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import field_validator

from curator.core.model.settings import EXPORT, Section, setting


class ContaminationSettings(Section):
    against: tuple[Path, ...] = setting(
        (), "An evaluation file to check against (JSONL of any shape Curator reads, or plain "
        "text, one item per line); repeat for more.", label="Evaluation files (contamination)",
        metavar="EVAL")
    contamination_threshold: float = setting(
        0.8, "Similarity (Jaccard of token shingles) from which a prompt or answer nearly "
        "matches an evaluation one.", label="Contamination threshold (Jaccard)", ge=0.5,
        le=1.0, metavar="0.5-1.0")
    drop_contaminated: bool = setting(
        False, "Leave out examples that overlap the evaluation files (--against).",
        commands=(EXPORT,), label="Export: leave out examples that overlap the evaluation files")

    @field_validator("against", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        if isinstance(value, str | Path):
            value = (value,)
        if isinstance(value, list | tuple):
            missing = [str(v) for v in value if isinstance(v, str | Path) and not Path(
                v).is_file()]
            if missing:
                raise ValueError(f"no such evaluation file: {', '.join(missing)}")
        return value
