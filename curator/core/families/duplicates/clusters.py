"""Exact duplicates, conflicting answers to the same prompt, and near-duplicate clusters."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from curator.core.families.duplicates.lsh import NearDuplicateIndex, Pair, ShingleStore
from curator.core.families.duplicates.minhash import clusters
from curator.core.model.codes import make
from curator.core.model.findings import Finding


@dataclass(frozen=True)
class Cluster:
    """A group of duplicate examples; ``id`` is stable for a given file and settings."""

    id: int
    kind: str  # "exact" or "near"
    lines: tuple[int, ...]
    similarity: tuple[float, float] = (1.0, 1.0)  # lowest and highest verified pair


@dataclass
class DuplicateResult:
    findings: list[Finding] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    index: NearDuplicateIndex | None = None


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


def check_duplicates(frame: pd.DataFrame, bands: np.ndarray | None, store: ShingleStore,
                     threshold: float) -> DuplicateResult:
    """Findings and clusters over the fingerprint columns, LSH band numbers and shingles."""
    out = DuplicateResult()
    next_id = 1
    exact = frame[frame["exact"] != 0]
    for _, group in exact.groupby("exact", sort=False):
        if len(group) < 2:
            continue
        lines = tuple(int(x) for x in sorted(group["line"]))
        out.clusters.append(Cluster(next_id, "exact", lines))
        out.findings.extend(exact_finding(line, lines, next_id) for line in lines)
        next_id += 1
    prompts = frame[frame["prompt"] != 0]
    for _, group in prompts.groupby("prompt", sort=False):
        if len(group) < 2 or group["answer"].nunique() < 2:
            continue
        lines = tuple(int(x) for x in sorted(group["line"]))
        out.findings.extend(conflict_finding(line, lines) for line in lines)
    if bands is not None and len(bands):
        out.index, pairs = NearDuplicateIndex.build(frame["line"].to_numpy(), bands, store,
                                                    threshold)
        out.pairs = pairs
        fingerprint = dict(zip(frame["line"], frame["exact"], strict=True))
        sims: dict[int, list[float]] = {}
        for pair in pairs:
            sims.setdefault(pair.a, []).append(pair.similarity)
            sims.setdefault(pair.b, []).append(pair.similarity)
        for members in clusters(pairs):
            if len({fingerprint[line] for line in members}) < 2:
                continue  # all exact copies of one another: D001 says it
            lines = tuple(members)
            values = [s for line in lines for s in sims[line]]
            low, high = min(values), max(values)
            cluster = Cluster(next_id, "near", lines, (low, high))
            out.clusters.append(cluster)
            out.findings.extend(near_finding(line, cluster, threshold) for line in lines)
            next_id += 1
    return out
