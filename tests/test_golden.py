"""The gate for refactors: the JSON reports of the bundled samples and of generated files
of every shape stay byte-identical to the golden files in tests/golden/.

A change that alters a report on purpose rewrites them (`python -m tests.golden.make`) and
names the change in its commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.make import (
    GENERATED,
    HERE,
    ROOT,
    SAMPLES,
    golden_name,
    report,
    write_generated,
    write_shapes,
)


@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_reports_are_unchanged(sample: str) -> None:
    expected = (HERE / golden_name(sample)).read_bytes()
    assert report(f"resources/samples/{sample}", ROOT, "--workers", "1") == expected


@pytest.mark.slow
def test_generated_reports_are_unchanged(tmp_path: Path) -> None:
    write_generated(tmp_path)
    assert report(GENERATED, tmp_path, "--workers", "1") == (
        HERE / golden_name(GENERATED)).read_bytes()
    # the worker processes give the same bytes as one process
    assert report(GENERATED, tmp_path, "--workers", "2") == (
        HERE / golden_name(GENERATED)).read_bytes()
    assert report(GENERATED, tmp_path, "--workers", "1", "--shape", "trl-messages",
                  "--target", "gpt-4o-mini") == (
        HERE / "generated_20k.trl-messages.json").read_bytes()
    for path in write_shapes(tmp_path):
        assert report(path.name, tmp_path, "--workers", "1") == (
            HERE / golden_name(path.name)).read_bytes(), path.name
