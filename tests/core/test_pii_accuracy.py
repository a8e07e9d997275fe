"""Precision and recall of every kind on the labelled set the tests build (pii_corpus)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.pii.codes import CODE_KINDS
from curator.core.families.pii.hits import KINDS
from tests.core.pii_corpus import Label, build

EXAMPLES = 800


def score(labels: list[Label], found: list[Label]) -> dict[str, tuple[float, float, int]]:
    """Per kind: precision, recall and the number of planted values. A finding is right when
    a label of its kind is on its line and path, and the spans overlap."""
    def matches(a: Label, b: Label) -> bool:
        return (a.line, a.path, a.kind) == (b.line, b.path, b.kind) and (
            a.start < b.end and b.start < a.end)

    right = Counter(f.kind for f in found if any(matches(f, label) for label in labels))
    caught = Counter(label.kind for label in labels if any(matches(f, label) for f in found))
    planted = Counter(label.kind for label in labels)
    reported = Counter(f.kind for f in found)
    return {kind: (right[kind] / reported[kind] if reported[kind] else 1.0,
                   caught[kind] / planted[kind] if planted[kind] else 1.0, planted[kind])
            for kind in KINDS}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[float, float, int]]:
    lines, labels = build(EXAMPLES, seed=19)
    path: Path = tmp_path_factory.mktemp("pii") / "labelled.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    analysis = finish(validate_path(path, default_settings(workers=1), only=("pii",)))
    found = [Label(f.line, f.path, CODE_KINDS[f.code], *f.span)
             for f in analysis.report.findings if f.code in CODE_KINDS and f.span]
    return score(labels, found)


@pytest.mark.parametrize("kind", KINDS)
def test_precision_and_recall_of_every_kind(result: dict[str, tuple[float, float, int]],
                                            kind: str) -> None:
    precision, recall, planted = result[kind]
    print(f"{kind}: precision {precision:.3f}, recall {recall:.3f} ({planted} planted)")
    assert planted >= 50
    assert precision >= 0.95 and recall >= 0.95, result
