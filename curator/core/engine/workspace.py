"""An open dataset under edit, with every row's findings kept current as rows change.

The app edits rows one at a time; re-running the whole file after each keystroke would not do.
A :class:`Workspace` gives each row a stable key (its line number when the file was opened, a
fresh number for rows added later) and keeps, per key: the row's own findings (parse, schema,
structure, token limit, outliers, language), its metrics, and its place in the duplicate
structures (exact groups, prompt groups, the near-duplicate index and its verified pairs).

A full check (:func:`~curator.core.pipeline.validate_path` or ``validate_dataset`` with keys)
is adopted as a whole; an edit re-checks that one row against the file-level facts of the last
full check (the outlier fences, the expected languages) and updates the duplicate structures,
so the row's duplicate neighbours change with it. Findings come out with current line numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from curator.core.engine.pipeline import Analysis, Options, RowChecker, is_chat
from curator.core.families.duplicates.clusters import (
    Cluster,
    conflict_finding,
    exact_finding,
    near_finding,
)
from curator.core.families.duplicates.lsh import NearDuplicateIndex
from curator.core.families.duplicates.minhash import UnionFind, split_sets
from curator.core.families.language.expected import check_languages
from curator.core.families.tokens.lengths import Fences, check_lengths
from curator.core.model.dataset import Dataset, Row
from curator.core.model.findings import (
    SEVERITY_ORDER,
    Finding,
    Severity,
    select_findings,
    sort_findings,
)
from curator.core.model.schema import Shape
from curator.core.model.shapes import detect_shape

DUPLICATE_CODES = frozenset({"D001", "D002", "N001"})
# what a workspace keeps when it takes over a background check: its rows and their order
_OWN = frozenset({"dataset", "keys", "_next_key", "touched", "version", "_positions", "_groups"})


@dataclass(frozen=True)
class Group:
    """A duplicate cluster by keys, with the :class:`Cluster` it shows as (current lines)."""

    keys: tuple[int, ...]
    cluster: Cluster


class Workspace:
    """A :class:`Dataset` plus its findings, kept current under edits."""

    def __init__(self, dataset: Dataset, options: Options | None = None) -> None:
        options = options or Options()
        self.dataset = dataset
        self.options = options
        self.keys: list[int] = list(range(1, len(dataset) + 1))  # line numbers at open
        self._next_key = -1  # rows added later count down, so they never meet a line number
        self.shape: Shape = options.shape or detect_shape(
            row.value for row in dataset.rows[:10_000] if row.value is not None)
        self.analysed = False
        self.file_findings: list[Finding] = []
        self.bounds: Fences | None = None
        self.fence_examples = 0
        self.expected: tuple[str, ...] = ()
        self.metrics = pd.DataFrame()
        self._reset_rows()
        self.touched: set[int] = set()  # keys changed since the last full check began
        self.version = 0  # bumped by every change; views compare it to know they are stale
        self._positions: dict[int, int] | None = None
        self._groups: tuple[int, list[Group], dict[int, list[Group]], set[int]] | None = None

    def _reset_rows(self) -> None:
        self.row_findings: dict[int, list[Finding]] = {}
        self.row_severity: dict[int, Severity] = {}
        self.index = NearDuplicateIndex(self.options.near_threshold)
        self.near: dict[int, dict[int, float]] = defaultdict(dict)
        self.exact: dict[int, int] = {}
        self.exact_groups: dict[int, set[int]] = defaultdict(set)
        self.prompts: dict[int, tuple[int, int]] = {}
        self.prompt_groups: dict[int, set[int]] = defaultdict(set)
        # fingerprints shared by two rows or more: what the cluster view needs, kept as rows
        # change so that an edit does not walk every group of a large file
        self.shared_exact: set[int] = set()
        self.shared_prompts: set[int] = set()

    # -- positions -------------------------------------------------------------------------

    def position(self, key: int) -> int:
        """The row index of ``key`` now (its line number is this plus one)."""
        return self._position_map()[key]

    def _position_map(self) -> dict[int, int]:
        if self._positions is None:
            self._positions = {k: i for i, k in enumerate(self.keys)}
        return self._positions

    def line(self, key: int) -> int:
        return self.position(key) + 1

    def __len__(self) -> int:
        return len(self.keys)

    def extend_loaded(self, rows: list[Row]) -> None:
        """Append rows read from the file (their keys are their line numbers)."""
        start = len(self.keys) + 1
        self.dataset.rows.extend(rows)
        self.keys.extend(range(start, start + len(rows)))
        if self._positions is not None:
            self._positions.update((k, k - 1) for k in range(start, start + len(rows)))

    # -- full checks -----------------------------------------------------------------------

    def begin_check(self) -> tuple[Dataset, list[int]]:
        """A snapshot to check in the background; edits made meanwhile are re-done on adopt."""
        self.touched = set()
        return self.snapshot()

    def snapshot(self) -> tuple[Dataset, list[int]]:
        """The rows and keys as they are now (later edits do not change them)."""
        return Dataset(list(self.dataset.rows), self.dataset.path, self.dataset.bom), list(
            self.keys)

    def take_over(self, checked: Workspace) -> None:
        """Take the results of a workspace that adopted a check in the background.

        ``checked`` was built over a snapshot of this workspace's rows and keys; rows edited
        here since are checked again.
        """
        for name, value in vars(checked).items():
            if name not in _OWN:  # everything the check produced
                setattr(self, name, value)
        self._redo_touched()

    def adopt(self, analysis: Analysis) -> None:
        """Take a full check whose line numbers are this workspace's keys."""
        self.shape = analysis.shape
        self.options = analysis.options
        self._reset_rows()
        self.file_findings = [f for f in analysis.report.findings if f.line == 0]
        rows: dict[int, list[Finding]] = defaultdict(list)
        for f in analysis.report.findings:
            if f.line and f.code not in DUPLICATE_CODES:
                rows[f.line].append(f)
        self.row_findings = dict(rows)
        self.row_severity = {k: _worst(v) for k, v in rows.items() if v}
        self.bounds, self.fence_examples = analysis.fences, len(analysis.metrics)
        self.expected = analysis.languages
        self.metrics = analysis.metrics.drop(columns=["line", "cluster"], errors="ignore")
        frame = self.metrics
        if "duplicates" in self.options.stages and len(frame):
            for key, exact, prompt, answer in zip(frame.index, frame["exact"], frame["prompt"],
                                                  frame["answer"], strict=True):
                self._link(int(key), int(exact), int(prompt), int(answer))
            self.index = analysis.near_index or self.index
            for pair in analysis.pairs:
                self.near[pair.a][pair.b] = pair.similarity
                self.near[pair.b][pair.a] = pair.similarity
        self.analysed = True
        self._redo_touched()

    def _redo_touched(self) -> None:
        present = self._position_map()
        for key in list(self.touched):
            if key in present:
                self.recheck(key)
            else:
                self._forget(key)
        self.touched = set()
        self._changed()

    # -- edits -----------------------------------------------------------------------------

    def set_value(self, index: int, value: dict[str, Any]) -> Row:
        """Replace a row's value; returns the old row (to put back on undo)."""
        old = self.dataset.set_value(index, value)
        self.recheck(self.keys[index])
        return old

    def set_raw(self, index: int, raw: bytes) -> Row:
        old = self.dataset.set_raw(index, raw)
        self.recheck(self.keys[index])
        return old

    def put_row(self, index: int, row: Row) -> Row:
        old = self.dataset.rows[index]
        self.dataset.put_row(index, row)
        self.recheck(self.keys[index])
        return old

    def insert(self, index: int, row: Row, key: int | None = None) -> int:
        """Insert a row (undo passes back the key it had); returns its key."""
        if key is None:
            key, self._next_key = self._next_key, self._next_key - 1
        self.dataset.insert(index, row)
        self.keys.insert(index, key)
        self._positions = None
        self.recheck(key)
        return key

    def remove(self, index: int) -> tuple[Row, int]:
        row = self.dataset.remove(index)
        key = self.keys.pop(index)
        self._positions = None
        self._forget(key)
        self._changed()
        return row, key

    def recheck(self, key: int) -> None:
        """Check one row again, and its place among the duplicates."""
        self.touched.add(key)
        row = self.dataset.rows[self.position(key)]
        options = self.options
        checker = RowChecker(options.row_settings(self.shape))
        checker.add(key, row.value, row.error, row.blank)
        result = checker.close()
        findings = list(result.findings)
        self._forget(key)
        if len(result.metrics):
            one = result.metrics.frame()
            if "tokens" in options.stages:
                findings += check_lengths(one, options.target, is_chat(self.shape),
                                          self.bounds, self.fence_examples)
            if "language" in options.stages and self.analysed:
                findings += check_languages(one, options.languages, self.expected)[0]
            self._put_metrics(key, one)
            if "duplicates" in options.stages:
                self._link(key, *(int(one[c].iloc[0]) for c in ("exact", "prompt", "answer")))
                hashes, counts = result.shingles[0]
                pairs = self.index.update(key, result.bands[0][0],
                                          split_sets(hashes, counts)[0])
                for pair in pairs:
                    other = pair.b if pair.a == key else pair.a
                    self.near[key][other] = pair.similarity
                    self.near[other][key] = pair.similarity
        findings = select_findings(findings, options.select, options.ignore)
        if findings:
            self.row_findings[key] = findings
            self.row_severity[key] = _worst(findings)
        self._changed()

    def _put_metrics(self, key: int, one: pd.DataFrame) -> None:
        values = one.drop(columns=["line"]).iloc[0]
        if self.metrics.empty:
            self.metrics = one.drop(columns=["line"]).set_axis([key])
        else:
            self.metrics.loc[key] = values.reindex(self.metrics.columns)

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
        """Drop a row from every structure (before a re-check, or when it is deleted)."""
        self.row_findings.pop(key, None)
        self.row_severity.pop(key, None)
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
        if key not in self._position_map() and key in self.metrics.index:
            self.metrics = self.metrics.drop(index=key)

    def _changed(self) -> None:
        self.version += 1
        self._groups = None

    # -- duplicate clusters ----------------------------------------------------------------

    def _cluster_state(self) -> tuple[list[Group], dict[int, list[Group]], set[int]]:
        if self._groups is not None and self._groups[0] == self.version:
            return self._groups[1], self._groups[2], self._groups[3]
        groups: list[Group] = []
        exact = [sorted(self.exact_groups[f], key=self.position) for f in self.shared_exact]
        exact.sort(key=lambda g: self.position(g[0]))
        for keys in exact:
            groups.append(Group(tuple(keys), Cluster(
                len(groups) + 1, "exact", tuple(self.line(k) for k in keys))))
        uf = UnionFind()
        for a, others in self.near.items():
            for b in others:
                uf.union(a, b)
        components: dict[int, list[int]] = defaultdict(list)
        for key in uf.parent:
            components[uf.find(key)].append(key)
        near = [sorted(c, key=self.position) for c in components.values()
                if len({self.exact.get(k) for k in c}) > 1]
        near.sort(key=lambda g: self.position(g[0]))
        for keys in near:
            sims = [self.near[a][b] for a in keys for b in self.near[a]]
            groups.append(Group(tuple(keys), Cluster(
                len(groups) + 1, "near", tuple(self.line(k) for k in keys),
                (min(sims), max(sims)))))
        member: dict[int, list[Group]] = defaultdict(list)
        for group in groups:
            for key in group.keys:
                member[key].append(group)
        groups_of_prompts = (self.prompt_groups[p] for p in self.shared_prompts)
        conflicted = {k for group in groups_of_prompts
                      if len({self.prompts[k][1] for k in group}) > 1 for k in group}
        self._groups = (self.version, groups, dict(member), conflicted)
        return groups, dict(member), conflicted

    def clusters(self) -> list[Group]:
        return self._cluster_state()[0]

    def groups_of(self, key: int) -> list[Group]:
        return self._cluster_state()[1].get(key, [])

    def cluster_id(self, key: int) -> int:
        """The id of the row's near cluster if it has one, else of its exact one, else 0."""
        groups = self.groups_of(key)
        return groups[-1].cluster.id if groups else 0

    def _duplicate_findings(self, key: int) -> list[Finding]:
        _, member, conflicted = self._cluster_state()
        line = self.line(key)
        out = []
        for group in member.get(key, []):
            if group.cluster.kind == "exact":
                out.append(exact_finding(line, group.cluster.lines, group.cluster.id))
            else:
                out.append(near_finding(line, group.cluster, self.options.near_threshold))
        if key in conflicted:
            prompt = self.prompts[key][0]
            keys = sorted(self.prompt_groups[prompt], key=self.position)
            out.append(conflict_finding(line, tuple(self.line(k) for k in keys)))
        return select_findings(out, self.options.select, self.options.ignore)

    # -- what views read -------------------------------------------------------------------

    def findings_at(self, index: int) -> list[Finding]:
        """Every finding of the row at ``index``, with current line numbers."""
        key = self.keys[index]
        line = index + 1
        own = [replace(f, line=line) for f in self.row_findings.get(key, ())]
        return sort_findings(own + self._duplicate_findings(key))

    def severity_at(self, index: int) -> Severity | None:
        """The worst finding of the row at ``index``; None when it is clean."""
        key = self.keys[index]
        own = self.row_severity.get(key)
        _, member, conflicted = self._cluster_state()
        duplicate = Severity.WARNING if key in member or key in conflicted else None
        found = [s for s in (own, duplicate) if s is not None]
        return min(found, key=SEVERITY_ORDER.__getitem__) if found else None

    def all_findings(self) -> list[Finding]:
        """The whole file's findings now, as a report would list them."""
        _, member, conflicted = self._cluster_state()
        keys = set(self.row_findings) | set(member) | conflicted
        out = list(self.file_findings)
        for key in sorted(keys, key=self.position):
            out.extend(self.findings_at(self.position(key)))
        return sort_findings(out)

    def counts(self) -> Counter[str]:
        """Findings per code over the whole file."""
        return Counter(f.code for f in self.all_findings())


def _worst(findings: list[Finding]) -> Severity:
    return min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__)
