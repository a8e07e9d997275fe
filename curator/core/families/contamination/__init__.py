"""The contamination family: training examples that overlap an evaluation set (``--against
EVAL.jsonl``): a prompt (E001) or an answer (E002) copied exactly or nearly, a 13-word
passage shared with an evaluation answer (E003). See docs/quality.md.

It runs only when evaluation files are given. The evaluation index is built once per run,
in the process that starts the check (:meth:`Contamination.requests`, kept while the files
are unchanged), and its small probe travels to the workers with the run; the token ids the
near match needs come from the tokens family, message by message; the MinHash machinery is
the duplicates family's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curator.core.families.contamination.check import PROBE, ContaminationCheck
from curator.core.families.contamination.codes import CODES
from curator.core.families.contamination.index import EvalIndex, build_index
from curator.core.families.contamination.settings import ContaminationSettings
from curator.core.families.contamination.state import ContaminationState, Match
from curator.core.families.protocol import Conclusion, Family, FileFacts, RowCheck, Run
from curator.core.families.tokens import TOKEN_SEGMENTS, encoding_of
from curator.core.model.columns import Columns
from curator.core.model.settings import Settings

__all__ = ["FAMILY", "ContaminationState", "EvalIndex", "Match", "index_for"]

KEPT = 2  # evaluation indexes kept (the app re-checks with the same files)
_INDEXES: dict[tuple[Any, ...], EvalIndex] = {}


def index_for(settings: Settings) -> EvalIndex:
    """The evaluation index of these settings' files, built once while they are unchanged.
    Raises OSError when one cannot be read."""
    section = settings.of(ContaminationSettings)
    files = []
    for path in section.against:
        stat = Path(path).stat()
        files.append((str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns))
    key = (tuple(files), encoding_of(settings), section.contamination_threshold)
    index = _INDEXES.get(key)
    if index is None:
        index = build_index(section.against, key[1], key[2])
        while len(_INDEXES) >= KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[key] = index
    return index


class Contamination(Family):
    name = "contamination"
    codes = CODES
    settings = ContaminationSettings
    reads = ("tokens", "duplicates")  # token ids by message; the MinHash machinery
    doc = "docs/quality.md"

    def enabled(self, settings: Settings) -> bool:
        return bool(settings.of(ContaminationSettings).against)

    def requests(self, settings: Settings) -> dict[str, Any]:
        return {TOKEN_SEGMENTS: frozenset({"user", "assistant"}),
                PROBE: index_for(settings).probe}

    def start(self, run: Run) -> RowCheck:
        return ContaminationCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return ContaminationState.build(index_for(facts.settings), facts.columns.index.tolist(),
                                        facts.payloads)

    def export_drops(self, conclusion: Conclusion, columns: Columns,
                     settings: Settings) -> dict[int, str]:
        if not settings.of(ContaminationSettings).drop_contaminated or not isinstance(
                conclusion, ContaminationState):
            return {}
        return {key: conclusion.reason(key) for key in conclusion.by_key}


FAMILY = Contamination()
