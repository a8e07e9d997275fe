"""Which rows to keep when reducing every duplicate cluster to one member."""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.families.duplicates.clusters import Cluster
from curator.core.families.duplicates.lsh import NearDuplicateIndex
from curator.core.families.duplicates.minhash import UnionFind
from curator.core.model.columns import Columns

KEEP_RULES = ("first", "longest")


@dataclass(frozen=True)
class Drop:
    line: int
    kept: int  # the member kept in its place
    cluster: int
    similarity: float  # estimated Jaccard to the kept member (1.0 for an exact copy)


def plan_drops(clusters: list[Cluster], metrics: Columns,
               index: NearDuplicateIndex | None, keep: str = "first") -> list[Drop]:
    """One member per group of overlapping clusters survives; the rest are dropped.

    ``first`` keeps the earliest line, ``longest`` the member with the most tokens (ties go to
    the earliest). ``index`` gives the exact similarity of near-duplicate members.
    """
    if keep not in KEEP_RULES:
        raise ValueError(f"keep must be one of {', '.join(KEEP_RULES)}, not {keep!r}")
    uf = UnionFind()
    cluster_of: dict[int, int] = {}
    exact_of: dict[int, int] = {}
    for cluster in clusters:
        for line in cluster.lines:
            uf.union(cluster.lines[0], line)
            cluster_of.setdefault(line, cluster.id)
            if cluster.kind == "exact":
                exact_of[line] = cluster.id
    totals = dict(zip(metrics.index.tolist(), metrics["total"].tolist(), strict=True))
    groups: dict[int, list[int]] = {}
    for line in uf.parent:
        groups.setdefault(uf.find(line), []).append(line)
    drops: list[Drop] = []
    for members in groups.values():
        kept = min(members) if keep == "first" else max(
            members, key=lambda line: (totals.get(line, 0), -line))
        drops.extend(Drop(line, kept, cluster_of[line], _similarity(line, kept, exact_of, index))
                     for line in members if line != kept)
    return sorted(drops, key=lambda d: d.line)


def _similarity(line: int, kept: int, exact_of: dict[int, int],
                index: NearDuplicateIndex | None) -> float:
    """1.0 for an exact copy, the exact Jaccard of a near one, nan when neither is known."""
    if line in exact_of and exact_of[line] == exact_of.get(kept):
        return 1.0
    if index is not None and line in index and kept in index:
        return index.similarity(line, kept)
    return float("nan")
