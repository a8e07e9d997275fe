"""Findings about the file as a whole (reported at line 0)."""

from __future__ import annotations

from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.render import counted
from curator.core.model.shapes import Shape

OPENAI_MINIMUM = 10
RECOMMENDED_MINIMUM = 50
OPENAI_SHAPES = (Shape.OPENAI_CHAT, Shape.OPENAI_PREFERENCE)


def check_file(examples: int, shape: Shape) -> list[Finding]:
    if examples == 0:
        return [make("S092", 0, (
            "the file has no examples: it is empty or holds only blank lines; every trainer "
            "refuses it: put one JSON example on each line"))]
    if shape in OPENAI_SHAPES and examples < OPENAI_MINIMUM:
        return [make("S090", 0, (
            f"the file has {counted(examples, 'example')}; OpenAI fine-tuning needs at least "
            f"{OPENAI_MINIMUM}: add more examples"))]
    if examples < RECOMMENDED_MINIMUM:
        return [make("S091", 0, (
            f"the file has {counted(examples, 'example')}; fewer than {RECOMMENDED_MINIMUM} "
            "rarely teach a model much: aim for 50 to 100 good ones at least"))]
    return []
