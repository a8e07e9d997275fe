"""Tell which shape a file's examples have, from the keys of its first objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from curator.core.model.schema import SIGNATURES, Shape

SAMPLE = 1000


def shape_of(value: dict[str, Any]) -> Shape:
    """The shape one example's keys point to, or UNKNOWN."""
    for shape, keys in SIGNATURES:
        if keys <= value.keys():
            return shape
    return Shape.UNKNOWN


def detect_shape(values: Iterable[dict[str, Any]]) -> Shape:
    """The most common known shape among the first objects; ties go to the earlier signature."""
    votes: Counter[Shape] = Counter()
    for i, value in enumerate(values):
        if i >= SAMPLE:
            break
        shape = shape_of(value)
        if shape is not Shape.UNKNOWN:
            votes[shape] += 1
    if not votes:
        return Shape.UNKNOWN
    order = [shape for shape, _ in SIGNATURES]
    return max(votes, key=lambda s: (votes[s], -order.index(s)))
