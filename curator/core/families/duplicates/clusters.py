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


SHOWN = 8  # other members a finding names (and lists in `related`); the rest are counted


def _others(lines: tuple[int, ...], line: int) -> tuple[int, ...]:
    """Up to SHOWN other members, the first ones (linear in SHOWN, not in the cluster)."""
    return tuple(x for x in lines[:SHOWN + 1] if x != line)[:SHOWN]


def _named(lines: tuple[int, ...], line: int) -> str:
    shown = _others(lines, line)
    rest = len(lines) - 1 - len(shown)
    text = ", ".join(str(x) for x in shown) + (f" and {rest:,} more" if rest > 0 else "")
    return f"line{'s' if len(lines) > 2 else ''} {text}"


def exact_finding(line: int, lines: tuple[int, ...], cluster: int) -> Finding:
    return make("D001", line, (
        f"exact duplicate of {_named(lines, line)} (cluster {cluster} of {len(lines):,} "
        "examples, whitespace ignored); keep one: duplicates over-weight what they say"),
        related=_others(lines, line))


def conflict_finding(line: int, lines: tuple[int, ...]) -> Finding:
    return make("D002", line, (
        f"the same prompt as {_named(lines, line)} ({len(lines):,} examples) gets a different "
        "answer: conflicting targets for one input; keep the best answer or make the prompts "
        "differ"), related=_others(lines, line))


def near_finding(line: int, cluster: Cluster, threshold: float) -> Finding:
    low, high = cluster.similarity
    lines = cluster.lines
    return make("N001", line, (
        f"near-duplicate of {_named(lines, line)} (cluster {cluster.id} of {len(lines):,} "
        f"examples, similarity {low:.2f}–{high:.2f}, threshold {threshold:.2f}); keep one "
        "or make them differ"), related=_others(lines, line))
