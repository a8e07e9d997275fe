"""Who duplicates whom, kept current under edits, and the one rule that makes clusters.

A full check builds a :class:`DuplicateState` from every row's fingerprints (exact, prompt,
answer) and the near-duplicate index with its verified pairs; an edit updates one row in
it. Clusters and their findings are derived from the state by one rule, whether a whole
file was just checked or a row was just edited:

- an **exact** cluster is every row of one whole-example fingerprint, when there are two
  or more;
- a **near** cluster is a connected group of verified near-duplicate pairs whose members
  are not all exact copies of one another (D001 says that);
- exact clusters are numbered first, then near ones, each in the order of their first line;
- a **conflict** (D002) is every row of one prompt fingerprint, when they have two answers
  or more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from curator.core.families.duplicates.clusters import (
    Cluster,
    conflict_finding,
    exact_finding,
    near_finding,
)
from curator.core.families.duplicates.joined import JoinedPairs
from curator.core.families.duplicates.lsh import NearDuplicateIndex, ShingleStore
from curator.core.families.duplicates.minhash import UnionFind, split_sets
from curator.core.families.protocol import Conclusion, LineOf, RowResult, same_line
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding


@dataclass(frozen=True)
class Group:
    """A duplicate cluster by row keys, with the :class:`Cluster` it shows as (lines now)."""

    keys: tuple[int, ...]
    cluster: Cluster


@dataclass
class _Derived:
    version: int
    line_of: LineOf
    groups: list[Group]
    member: dict[int, list[Group]]
    conflicted: dict[int, tuple[int, ...]]  # key -> the lines of its prompt group


class Groups(dict[int, set[int]]):
    """Row keys by fingerprint. A fingerprint of one row only (most rows of a file) waits in
    ``single`` and gets its set when first asked for, so a file's unique rows cost no set
    each; asked for a fingerprint it has not seen, it gives a new empty set (as a
    ``defaultdict(set)`` does)."""

    def __init__(self) -> None:
        super().__init__()
        self.single: dict[int, int] = {}  # fingerprint -> its one row's key

    def __missing__(self, fingerprint: int) -> set[int]:
        # two threads asking at once both end with the one set, holding the row
        key = self.single.pop(fingerprint, None)
        group = self.setdefault(fingerprint, set())
        if key is not None:
            group.add(key)
        return group

    def file(self, keys: np.ndarray, fingerprints: np.ndarray) -> list[int]:
        """File these rows (keys and non-zero fingerprints) by fingerprint, whole arrays at
        a time into empty groups; the fingerprints two rows or more share."""
        if self or self.single:  # rows filed before: one at a time, as an edit files one
            again: list[int] = []
            for key, fingerprint in zip(keys.tolist(), fingerprints.tolist(), strict=True):
                group = self[fingerprint]
                group.add(key)
                if len(group) > 1:
                    again.append(fingerprint)
            return again
        order = np.argsort(fingerprints, kind="stable")
        prints, keys = fingerprints[order], keys[order]
        starts = np.flatnonzero(np.concatenate(([True], prints[1:] != prints[:-1])))
        counts = np.diff(np.append(starts, len(prints)))
        alone = starts[counts == 1]
        self.single.update(zip(prints[alone].tolist(), keys[alone].tolist(), strict=True))
        shared = counts > 1
        found: list[int] = prints[starts[shared]].tolist()
        for fingerprint, start, count in zip(found, starts[shared].tolist(),
                                             counts[shared].tolist(), strict=True):
            self[fingerprint] = set(keys[start:start + count].tolist())
        return found


def _shared(fingerprints: np.ndarray) -> np.ndarray:
    """The positions whose (non-zero) fingerprint another position has too."""
    _, group, sizes = np.unique(fingerprints, return_inverse=True, return_counts=True)
    return np.flatnonzero((sizes[group.reshape(-1)] > 1) & (fingerprints != 0))


class DuplicateState(Conclusion):
    """Exact groups, prompt groups and near-duplicate pairs of every row, by row key."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.exact: dict[int, int] = {}
        self.exact_groups = Groups()
        self.prompts: dict[int, tuple[int, int]] = {}
        self.prompt_groups = Groups()
        # fingerprints shared by two rows or more: what clusters are made of, kept as rows
        # change so that an edit does not walk every group of a large file
        self.shared_exact: set[int] = set()
        self.shared_prompts: set[int] = set()
        self.index = NearDuplicateIndex(threshold)
        self.near: dict[int, dict[int, float]] = defaultdict(dict)
        self.version = 0
        self._derived: _Derived | None = None

    @classmethod
    def build(cls, columns: Columns, bands: np.ndarray | None, store: ShingleStore,
              threshold: float) -> DuplicateState:
        """The state of a whole file: ``columns`` has the fingerprint columns, keyed by row;
        ``bands`` and ``store`` the LSH band numbers and shingle sets of its rows, in order."""
        state = cls(threshold)
        keys = columns.index
        state._link_all(columns)
        if bands is not None and len(bands):
            state.index, pairs = NearDuplicateIndex.build(keys, bands, store, threshold)
            for pair in pairs:
                state.near[pair.a][pair.b] = pair.similarity
                state.near[pair.b][pair.a] = pair.similarity
        return state

    @classmethod
    def joined(cls, columns: Columns, found: JoinedPairs, threshold: float) -> DuplicateState:
        """The state of a whole file whose near duplicates a cluster joined: the same
        clusters and findings as :meth:`build`'s, holding only the rows that share a
        fingerprint or are in a near pair (not every row: a file of millions of rows costs
        memory for its duplicates only), so it is for reports and exports, not for edits;
        its index has the shingle sets of those rows, fetched from the cluster."""
        state = cls(threshold)
        keys = columns.index.tolist()
        for a, b, sim in found.pairs:
            state.near[keys[a]][keys[b]] = sim
            state.near[keys[b]][keys[a]] = sim
        shared = _shared(columns["exact"])
        paired = np.array([row for a, b, _ in found.pairs for row in (a, b)], dtype=np.int64)
        grouped = np.unique(np.concatenate((shared, paired)))
        state._link_all(columns, np.union1d(grouped, _shared(columns["prompt"])))
        sets = found.fetch(grouped)
        state.index = NearDuplicateIndex.of_rows([keys[r] for r in grouped.tolist()],
                                                 [sets[r] for r in grouped.tolist()], threshold)
        return state

    def _link_all(self, columns: Columns, rows: np.ndarray | None = None) -> None:
        """Link every row (or these positions) of a new state, as :meth:`_link` links one,
        whole columns at a time."""
        picked = [np.asarray(c) for c in (columns.index, columns["exact"], columns["prompt"],
                                          columns["answer"])]
        if rows is not None:
            picked = [column[rows] for column in picked]
        keys, exact, prompt, answer = picked
        has = exact != 0
        self.exact.update(zip(keys[has].tolist(), exact[has].tolist(), strict=True))
        self.shared_exact.update(self.exact_groups.file(keys[has], exact[has]))
        has = prompt != 0
        self.prompts.update(zip(keys[has].tolist(), zip(
            prompt[has].tolist(), answer[has].tolist(), strict=True), strict=True))
        self.shared_prompts.update(self.prompt_groups.file(keys[has], prompt[has]))

    # -- edits -----------------------------------------------------------------------------

    def update(self, key: int, row: RowResult | None) -> None:
        self._forget(key)
        if row is not None and len(row.columns):
            metrics = row.columns.first()
            self._link(key, metrics["exact"], metrics["prompt"], metrics["answer"])
            bands, (hashes, counts) = row.payload
            for pair in self.index.update(key, bands[0], split_sets(hashes, counts)[0]):
                other = pair.b if pair.a == key else pair.a
                self.near[key][other] = pair.similarity
                self.near[other][key] = pair.similarity
        self.version += 1

    def _link(self, key: int, exact: int, prompt: int, answer: int) -> None:
        if exact:
            self.exact[key] = exact
            group = self.exact_groups[exact]
            group.add(key)
            if len(group) > 1:
                self.shared_exact.add(exact)
        if prompt:
            self.prompts[key] = (prompt, answer)
            group = self.prompt_groups[prompt]
            group.add(key)
            if len(group) > 1:
                self.shared_prompts.add(prompt)

    def _forget(self, key: int) -> None:
        exact = self.exact.pop(key, None)
        if exact is not None:
            self.exact_groups[exact].discard(key)
            if len(self.exact_groups[exact]) < 2:
                self.shared_exact.discard(exact)
        prompt = self.prompts.pop(key, None)
        if prompt is not None:
            self.prompt_groups[prompt[0]].discard(key)
            if len(self.prompt_groups[prompt[0]]) < 2:
                self.shared_prompts.discard(prompt[0])
        for other in self.near.pop(key, {}):
            self.near[other].pop(key, None)
        self.index.remove(key)

    # -- the cluster rule ------------------------------------------------------------------

    def _derive(self, line_of: LineOf, keep: bool = True) -> _Derived:
        cached = self._derived
        if cached is not None and cached.version == self.version and cached.line_of == line_of:
            return cached
        groups: list[Group] = []
        exact = [sorted(self.exact_groups[f], key=line_of) for f in self.shared_exact]
        exact.sort(key=lambda keys: line_of(keys[0]))
        for keys in exact:
            groups.append(Group(tuple(keys), Cluster(
                len(groups) + 1, "exact", tuple(line_of(k) for k in keys))))
        for keys in self._near_groups(line_of):
            sims = [self.near[a][b] for a in keys for b in self.near[a]]
            groups.append(Group(tuple(keys), Cluster(
                len(groups) + 1, "near", tuple(line_of(k) for k in keys),
                (min(sims), max(sims)))))
        member: dict[int, list[Group]] = defaultdict(list)
        for group in groups:
            for key in group.keys:
                member[key].append(group)
        conflicted: dict[int, tuple[int, ...]] = {}
        for prompt in self.shared_prompts:
            sharing = self.prompt_groups[prompt]
            if len({self.prompts[k][1] for k in sharing}) > 1:
                lines = tuple(sorted(line_of(k) for k in sharing))  # once per group
                conflicted.update((k, lines) for k in sharing)
        derived = _Derived(self.version, line_of, groups, dict(member), conflicted)
        if keep:
            self._derived = derived
        return derived

    def _near_groups(self, line_of: LineOf) -> list[list[int]]:
        uf = UnionFind()
        for a, others in self.near.items():
            for b in others:
                uf.union(a, b)
        components: dict[int, list[int]] = defaultdict(list)
        for key in uf.parent:
            components[uf.find(key)].append(key)
        near = [sorted(c, key=line_of) for c in components.values()
                if len({self.exact.get(k) for k in c}) > 1]
        near.sort(key=lambda keys: line_of(keys[0]))
        return near

    def clusters(self, line_of: LineOf) -> list[Group]:
        return self._derive(line_of).groups

    def groups_of(self, key: int, line_of: LineOf) -> list[Group]:
        return self._derive(line_of).member.get(key, [])

    def cluster_id(self, key: int, line_of: LineOf) -> int:
        """The id of the row's near cluster if it has one, else of its exact one, else 0."""
        groups = self.groups_of(key, line_of)
        return groups[-1].cluster.id if groups else 0

    # -- findings --------------------------------------------------------------------------

    def keys(self) -> Iterable[int]:
        cached = self._derived
        derived = cached if cached is not None and cached.version == self.version else (
            self._derive(same_line, keep=False))  # who is a member does not depend on order
        return set(derived.member) | set(derived.conflicted)

    def findings_of(self, key: int, line_of: LineOf) -> list[Finding]:
        derived = self._derive(line_of)
        line = line_of(key)
        out = []
        for group in derived.member.get(key, []):
            if group.cluster.kind == "exact":
                out.append(exact_finding(line, group.cluster.lines, group.cluster.id))
            else:
                out.append(near_finding(line, group.cluster, self.threshold))
        if key in derived.conflicted:
            out.append(conflict_finding(line, derived.conflicted[key]))
        return out

