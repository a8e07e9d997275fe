"""Findings about the file as a whole (reported at line 0)."""

from __future__ import annotations

from curator.core.codes import make
from curator.core.report import Finding
from curator.core.schema import Shape

OPENAI_MINIMUM = 10
RECOMMENDED_MINIMUM = 50
OPENAI_SHAPES = (Shape.OPENAI_CHAT, Shape.OPENAI_PREFERENCE)


def check_file(examples: int, shape: Shape) -> list[Finding]:
    if shape in OPENAI_SHAPES and examples < OPENAI_MINIMUM:
        return [make("S090", 0, (
            f"the file has {examples} examples; OpenAI fine-tuning needs at least "
            f"{OPENAI_MINIMUM}: add more examples"))]
    if examples < RECOMMENDED_MINIMUM:
        return [make("S091", 0, (
            f"the file has {examples} examples; fewer than {RECOMMENDED_MINIMUM} rarely "
            "teach a model much: aim for 50 to 100 good ones at least"))]
    return []
