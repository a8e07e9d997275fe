from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.messy import messy_file

# The suite gives the same verdict on every run: property tests draw the same examples each
# time. `HYPOTHESIS_PROFILE=explore` draws new ones on every run, to hunt for bugs.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's own cache folder: it never reads or writes the user's."""
    os.environ["CURATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, dict[int, str], dict[int, str]]:
    """A file with every kind of defect mixed into valid examples, and where they are."""
    data, errors, warnings = messy_file()
    path = tmp_path / "messy.jsonl"
    path.write_bytes(data)
    return path, errors, warnings
