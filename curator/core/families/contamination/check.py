"""The row check, in a worker: what of each training example may match the evaluation set.

Per row, only what is cheap: each user or assistant text's first words are looked up
(an exact copy starts as its original does) and, when they are known, its whitespace-folded
fingerprint; the answers are collected; the token ids the tokens family captured are kept
message by message. Per chunk, in numpy: every kept message's shingles are tested against
the evaluation set's bitmap (a message with fewer than the threshold's share of its
shingles in it cannot match nearly) and every answer's 13-grams against the evaluation
13-grams. What may match goes back, in the payload, to the process that holds the index.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from curator.core.families.contamination.index import (
    MIN_EXACT,
    MIN_SHINGLES,
    Probe,
    fingerprint,
    head,
    in_bitmap,
    small_dropped,
)
from curator.core.families.contamination.words import passage_end, text_grams
from curator.core.families.duplicates.lsh import band_keys, band_shape
from curator.core.families.duplicates.minhash import SHINGLE, shingle_hashes, signatures
from curator.core.families.protocol import RowCheck, RowContext, Run
from curator.core.families.tokens import ID_CODE, token_segments
from curator.core.model.parts import field_path, text_fields
from curator.core.model.shapes import SHAPES
from curator.core.model.spaces import fold_spaces

PROBE = "contamination"  # the request that carries the probe to the workers
SIDE_OF = {"user": "prompt", "assistant": "answer"}
NOT_IDENTITY = frozenset(p.key for spec in SHAPES.values() for p in spec.parts
                         if not p.identity)


@dataclass
class RowHits:
    """What of one row may match: exact fingerprints, shingle sets of near candidates, and
    the 13-grams its answers share with the evaluation answers."""

    exact: list[tuple[str, str, int]] = field(default_factory=list)  # path, side, print
    near: list[tuple[str, str, np.ndarray, np.ndarray]] = field(
        default_factory=list)  # path, side, shingle set, LSH band keys
    grams: list[tuple[str, np.ndarray, tuple[int, int]]] = field(
        default_factory=list)  # path, shared 13-grams, span of the first


class ContaminationCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__()
        self.probe: Probe = run.requests[PROBE]
        self.rows = 0
        self.hits: dict[int, RowHits] = {}
        self.answers: list[str] = []
        self.answer_at: list[tuple[int, str]] = []  # row, path
        self.ids = array(ID_CODE)  # token ids of the kept messages, back to back
        self.lengths = array("q")
        self.segments: list[tuple[int, str, str]] = []  # row, path, side

    def _hits(self, row: int) -> RowHits:
        found = self.hits.get(row)
        if found is None:
            found = self.hits[row] = RowHits()
        return found

    def row(self, ctx: RowContext) -> None:
        row = self.rows
        self.rows += 1
        heads, prints = self.probe.heads, self.probe.fingerprints
        for key, index, role, text, _ in text_fields(ctx.value):
            side = SIDE_OF.get(role)
            if side is None:
                continue
            if head(text) in heads[side]:
                flat = fold_spaces(text)
                if len(flat) >= MIN_EXACT and (found := fingerprint(flat)) in prints[side]:
                    self._hits(row).exact.append((field_path(key, index), side, found))
            if side == "answer":
                self.answers.append(text)
                self.answer_at.append((row, field_path(key, index)))
        ids, segments = token_segments(ctx.outputs)
        at = 0
        for (key, plain), index, role, n in segments:
            side = SIDE_OF.get(role)
            if side is not None and n >= MIN_SHINGLES + SHINGLE - 1 and key not in NOT_IDENTITY:
                self.ids.extend(ids[at:at + n])
                self.lengths.append(n)
                self.segments.append((row, field_path(key, -1 if plain else index), side))
            at += n

    def payload(self) -> Any:
        """One entry per example: its :class:`RowHits`, or None."""
        self._near()
        self._grams()
        return [self.hits.get(i) for i in range(self.rows)]

    def _near(self) -> None:
        if not self.segments:
            return
        lengths = np.frombuffer(self.lengths, dtype=np.int64)
        hashes, counts = small_dropped(*shingle_hashes(
            np.frombuffer(self.ids, dtype=np.uint32), np.cumsum(lengths) - lengths, lengths))
        known = np.concatenate(([0], np.cumsum(in_bitmap(self.probe.shingles, hashes))))
        ends = np.cumsum(counts)
        begins = ends - counts
        inside = known[ends] - known[begins]
        chosen = np.flatnonzero((counts > 0) & (inside >= self.probe.threshold * counts))
        if not len(chosen):
            return
        sets = [hashes[begins[s]:ends[s]] for s in chosen.tolist()]
        keys = band_keys(signatures(np.concatenate(sets), counts[chosen]),
                         *band_shape(self.probe.threshold))
        for k, s in enumerate(chosen.tolist()):
            row, path, side = self.segments[s]
            self._hits(row).near.append((path, side, sets[k].copy(), keys[k]))

    def _grams(self) -> None:
        grams = text_grams(self.answers)
        known = self.probe.grams
        if not len(grams.numbers) or not len(known):
            return
        hit = in_bitmap(self.probe.gram_bits, grams.numbers)  # most are not: cheap
        maybe = np.flatnonzero(hit)
        at = np.minimum(np.searchsorted(known, grams.numbers[maybe]), len(known) - 1)
        hit[maybe] = known[at] == grams.numbers[maybe]
        if not hit.any():
            return
        owner = np.repeat(np.arange(len(self.answers)), grams.counts)
        found = np.flatnonzero(hit)
        for mine in np.split(found, np.flatnonzero(np.diff(owner[found])) + 1):
            text = int(owner[mine[0]])
            row, path = self.answer_at[text]
            start = int(grams.starts[mine[0]])
            span = (start, passage_end(self.answers[text], start))
            self._hits(row).grams.append((path, np.unique(grams.numbers[mine]), span))
