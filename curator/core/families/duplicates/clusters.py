"""Duplicate clusters and the findings they give their members."""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.model.codes import make
from curator.core.model.findings import Finding


@dataclass(frozen=True)
class Cluster:
    """A group of duplicate examples; ``id`` is stable for a given file and settings."""

    id: int
    kind: str  # "exact" or "near"
    lines: tuple[int, ...]
    similarity: tuple[float, float] = (1.0, 1.0)  # lowest and highest verified pair


def _others(lines: tuple[int, ...], line: int) -> str:
    rest = [str(x) for x in lines if x != line]
    shown = ", ".join(rest[:8]) + (f" and {len(rest) - 8} more" if len(rest) > 8 else "")
    return f"line{'s' if len(rest) > 1 else ''} {shown}"


def exact_finding(line: int, lines: tuple[int, ...], cluster: int) -> Finding:
    return make("D001", line, (
        f"exact duplicate of {_others(lines, line)} (cluster {cluster}, whitespace "
        "ignored); keep one: duplicates over-weight what they say"), related=tuple(
            x for x in lines if x != line))


def conflict_finding(line: int, lines: tuple[int, ...]) -> Finding:
    return make("D002", line, (
        f"the same prompt as {_others(lines, line)} gets a different answer: "
        "conflicting targets for one input; keep the best answer or make the prompts "
        "differ"), related=tuple(x for x in lines if x != line))


def near_finding(line: int, cluster: Cluster, threshold: float) -> Finding:
    low, high = cluster.similarity
    lines = cluster.lines
    return make("N001", line, (
        f"near-duplicate of {_others(lines, line)} (cluster {cluster.id}, "
        f"similarity {low:.2f}–{high:.2f}, threshold {threshold:.2f}); keep one "
        "or make them differ"), related=tuple(x for x in lines if x != line))
