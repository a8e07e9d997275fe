"""Which training examples overlap the evaluation set, kept current under edits.

The row checks send what may match (:class:`RowHits`); here, where the evaluation index
lives, each is verified and becomes a :class:`Match`: an exact copy (whitespace folded), a
near one (its candidates from the LSH band keys, each verified on the exact Jaccard of the
token shingles), or 13-grams shared with an evaluation answer (the item with the most of
them, and their share of its 13-grams). One finding per place and kind, naming the best
item (``ref``: the evaluation file, line and similarity) and how many more there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from curator.core.families.contamination.check import RowHits
from curator.core.families.contamination.index import EvalIndex
from curator.core.families.duplicates.lsh import jaccard
from curator.core.families.protocol import Conclusion, LineOf, RowResult
from curator.core.model.codes import make
from curator.core.model.findings import Finding, Ref

CODE_OF = {"prompt": "E001", "answer": "E002"}


@dataclass(frozen=True)
class Match:
    """One place of a training example that matches an evaluation item."""

    path: str  # where in the training example
    code: str  # E001 (prompt), E002 (answer), E003 (13-gram passage)
    item: int  # the evaluation item (the best, when several match)
    similarity: float  # 1.0 exact, the Jaccard of a near match, a passage's share
    how: str  # "exact", "near", "13-gram"
    shared: int = 0  # 13-grams in common
    others: int = 0  # further evaluation items that match here
    span: tuple[int, int] | None = None


class ContaminationState(Conclusion):
    """The matches of every row, by row key."""

    def __init__(self, index: EvalIndex) -> None:
        self.index = index
        self.by_key: dict[int, list[Match]] = {}

    @classmethod
    def build(cls, index: EvalIndex, keys: Iterable[int], payloads: list[Any]
              ) -> ContaminationState:
        state = cls(index)
        rows = [(int(key), hits) for key, hits in zip(
            keys, (hits for chunk in payloads for hits in chunk), strict=True)
            if hits is not None]
        state.add([key for key, _ in rows], [hits for _, hits in rows])
        return state

    def add(self, keys: list[int], rows: list[RowHits]) -> None:
        """Verify the candidates of rows (the 13-grams of all of them at once)."""
        for key, hits, passages in zip(keys, rows, self._passages(rows), strict=True):
            found = self.resolve(hits, passages)
            if found:
                self.by_key[key] = found

    def update(self, key: int, row: RowResult | None) -> None:
        self.by_key.pop(key, None)
        if row is not None and row.payload and row.payload[0] is not None:
            self.add([key], [row.payload[0]])

    # -- verification ----------------------------------------------------------------------

    def resolve(self, hits: RowHits, passages: list[Match]) -> list[Match]:
        """The verified matches of one row: the best per place and kind."""
        best: dict[tuple[str, str], Match] = {}
        for match in self._exact(hits) + self._near(hits) + passages:
            key = (match.path, match.code)
            if key not in best or (match.similarity, -match.item) > (
                    best[key].similarity, -best[key].item):
                best[key] = match
        out = [m for m in best.values() if not (
            m.code == "E003" and (m.path, "E002") in best
            and best[(m.path, "E002")].item == m.item)]  # the whole answer said it already
        return sorted(out, key=lambda m: (m.code, m.path))

    def _exact(self, hits: RowHits) -> list[Match]:
        out = []
        for path, side, found in hits.exact:
            items = self.index.sides[side].fingerprints.get(found, [])
            if items:
                out.append(Match(path, CODE_OF[side], items[0], 1.0, "exact",
                                 others=len(items) - 1))
        return out

    def _near(self, hits: RowHits) -> list[Match]:
        out = []
        for path, side, shingles, keys in hits.near:
            store = self.index.sides[side].store
            scored = sorted(((jaccard(shingles, store.get(item)), -item)
                             for item in self.index.band_candidates(side, keys)), reverse=True)
            matched = [(sim, -item) for sim, item in scored if sim >= self.index.threshold]
            if matched:
                sim, item = matched[0]
                out.append(Match(path, CODE_OF[side], item, sim, "near",
                                 others=len(matched) - 1))
        return out

    def _passages(self, rows: list[RowHits]) -> list[list[Match]]:
        """E003 of many rows: for each reply, the evaluation answer whose 13-grams it covers
        most (then the one it shares most with), in a few numpy passes for all of them."""
        out: list[list[Match]] = [[] for _ in rows]
        entries = [(r, path, span) for r, hits in enumerate(rows) for path, _, span in hits.grams]
        if not entries:
            return out
        grams = [g for hits in rows for _, g, _ in hits.grams]
        owner = np.repeat(np.arange(len(entries)), [len(g) for g in grams])
        at, sizes = self.index.gram_positions(np.concatenate(grams))
        items = self.index.gram_items[at]
        width = np.int64(len(self.index.item_line) + 1)
        pairs, shared = np.unique(np.repeat(owner, sizes) * width + items, return_counts=True)
        entry, item = pairs // width, pairs % width
        cover = shared / np.maximum(self.index.gram_counts[item], 1)
        order = np.lexsort((item, -shared, -cover, entry))
        first = order[np.flatnonzero(np.diff(np.concatenate(([-1], entry[order]))))]
        matched = np.bincount(entry, minlength=len(entries))
        for k in first.tolist():
            e = int(entry[k])
            r, path, span = entries[e]
            out[r].append(Match(path, "E003", int(item[k]), float(cover[k]), "13-gram",
                                int(shared[k]), int(matched[e]) - 1, span))
        return out

    # -- findings --------------------------------------------------------------------------

    def file_findings(self) -> list[Finding]:
        out = []
        for file in self.index.files:
            if file.skipped:
                shown = ", ".join(str(n) for n in file.skipped[:8]) + (
                    " …" if len(file.skipped) > 8 else "")
                out.append(make("E004", 0, (
                    f"{file.path}: {len(file.skipped):,} line(s) are not evaluation items "
                    f"(not JSON objects with a prompt or an answer; lines {shown}); they were "
                    "not compared: fix them or check the file is the one you meant")))
        return out

    def keys(self) -> Iterable[int]:
        return self.by_key.keys()

    def findings_of(self, key: int, line_of: LineOf) -> list[Finding]:
        return [self.finding(key, match) for match in self.by_key.get(key, ())]

    def finding(self, line: int, match: Match) -> Finding:
        path, eval_line = self.index.where(match.item)
        where = f"{Path(path).name} line {eval_line}"
        more = f" (and {match.others:,} more evaluation items)" if match.others else ""
        copy = ("a copy (whitespace ignored)" if match.how == "exact" else
                f"nearly a copy (Jaccard {match.similarity:.2f} of token shingles)")
        fix = ("; a model trained on it has seen the test, so its score there is not to be "
               "trusted: remove the example (export --drop-contaminated) or the item")
        if match.code == "E001":
            message = f"the prompt is {copy} of the prompt on {where}{more}{fix}"
        elif match.code == "E002":
            message = f"the reply is {copy} of the answer on {where}{more}{fix}"
        else:
            total = int(self.index.gram_counts[match.item])
            message = (f"the reply shares {match.shared:,} of the {total:,} 13-word sequences "
                       f"of the answer on {where} ({match.similarity:.0%}) word for word "
                       f"(case and punctuation ignored){more}{fix}")
        return make(match.code, line, message, match.path, span=match.span,
                    ref=Ref(path, eval_line, match.similarity))

    # -- what views and the export read ----------------------------------------------------

    def matches(self) -> list[tuple[int, Match]]:
        """Every match, by row key."""
        return [(key, match) for key, found in self.by_key.items() for match in found]

    def reason(self, key: int) -> str:
        """Why an export leaves the row out."""
        match = self.by_key[key][0]
        path, line = self.index.where(match.item)
        return f"contaminated: {Path(path).name} line {line}"
