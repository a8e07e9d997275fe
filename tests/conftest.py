from __future__ import annotations

from pathlib import Path

import pytest

from tests.messy import messy_file


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, dict[int, str], dict[int, str]]:
    """A file with every kind of defect mixed into valid examples, and where they are."""
    data, errors, warnings = messy_file()
    path = tmp_path / "messy.jsonl"
    path.write_bytes(data)
    return path, errors, warnings
