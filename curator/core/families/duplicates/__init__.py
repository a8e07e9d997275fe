"""The duplicates family: exact duplicates (D001), one prompt with different answers (D002)
and near duplicates (N001). See docs/duplicates-and-language.md."""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np

from curator.core.families.duplicates.codes import CODES
from curator.core.families.duplicates.identity import fingerprints
from curator.core.families.duplicates.joined import JoinedPairs
from curator.core.families.duplicates.lsh import ShingleStore, band_keys, band_shape
from curator.core.families.duplicates.minhash import shingle_hashes, signatures
from curator.core.families.duplicates.plan import plan_drops
from curator.core.families.duplicates.settings import SCOPES, DuplicateSettings
from curator.core.families.duplicates.state import DuplicateState
from curator.core.families.protocol import (
    Column,
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
    same_line,
)
from curator.core.families.tokens import ID_CODE, TOKEN_IDS, example_tokens
from curator.core.model.columns import Columns
from curator.core.model.settings import Settings

COLUMNS = (Column("exact"), Column("prompt"), Column("answer"))


class DuplicateCheck(RowCheck):
    """Fingerprints of each row, and its shingles from the token ids the tokens family kept."""

    def __init__(self, run: Run) -> None:
        super().__init__(COLUMNS)
        self.band_shape = band_shape(run.settings.of(DuplicateSettings).near_duplicate_threshold)
        self.ids = array(ID_CODE)  # token ids of every example, back to back: 4 bytes each,
        self.id_lengths = array("q")  # not the 36 of a list of ints

    def row(self, ctx: RowContext) -> None:
        self.add(*fingerprints(ctx.value))
        _, ids = example_tokens(ctx.outputs)
        captured = ids or ()
        self.ids.extend(captured)
        self.id_lengths.append(len(captured))

    def payload(self) -> Any:
        """Signatures for every example in one vectorised pass, cut into LSH band numbers
        (the signatures themselves stay here), and the shingle sets."""
        ids = np.frombuffer(self.ids, dtype=np.uint32)
        lengths = np.frombuffer(self.id_lengths, dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        hashes, counts = shingle_hashes(ids, starts, lengths)
        return band_keys(signatures(hashes, counts), *self.band_shape), (hashes, counts)


class Duplicates(Family):
    name = "duplicates"
    codes = CODES
    columns = COLUMNS
    settings = DuplicateSettings
    reads = ("tokens",)
    doc = "docs/duplicates-and-language.md"

    def requests(self, settings: Settings) -> dict[str, Any]:
        return {TOKEN_IDS: SCOPES[settings.of(DuplicateSettings).near_scope]}

    def start(self, run: Run) -> RowCheck:
        return DuplicateCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        threshold = facts.settings.of(DuplicateSettings).near_duplicate_threshold
        if len(facts.payloads) == 1 and isinstance(facts.payloads[0], JoinedPairs):
            return DuplicateState.joined(facts.columns, facts.payloads[0], threshold)
        store = ShingleStore()
        bands = []
        for chunk_bands, (hashes, counts) in facts.payloads:
            store.append(hashes, counts)
            bands.append(chunk_bands)
        return DuplicateState.build(facts.columns, np.concatenate(bands) if bands else None,
                                    store, threshold)

    def together(self, conclusion: Conclusion) -> list[tuple[int, ...]]:
        if not isinstance(conclusion, DuplicateState):
            return []
        return [group.cluster.lines for group in conclusion.clusters(same_line)]

    def export_drops(self, conclusion: Conclusion, columns: Columns,
                     settings: Settings) -> dict[int, str]:
        if not settings.of(DuplicateSettings).drop_duplicates or not isinstance(
                conclusion, DuplicateState):
            return {}
        clusters = [group.cluster for group in conclusion.clusters(same_line)]
        return {drop.line: (f"duplicate: line {drop.kept} is kept (cluster {drop.cluster}, "
                            f"similarity {drop.similarity:.2f})")
                for drop in plan_drops(clusters, columns, conclusion.index)}


FAMILY = Duplicates()
