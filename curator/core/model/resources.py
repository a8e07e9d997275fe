"""Locate files shipped in ``resources/``: source tree, installed wheel or frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """Return the folder that holds the tokenizer files, targets table and samples."""
    here = Path(__file__).resolve().parent
    candidates = [
        here.parents[1] / "_resources",  # installed wheel (force-included)
        here.parents[2] / "resources",  # source tree / editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "tokenizers").is_dir():
            return candidate
    raise FileNotFoundError(
        "Curator's resources folder is missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall Curator."
    )


def resource_path(*parts: str) -> Path:
    """Path of a file below the resources folder."""
    return resources_dir().joinpath(*parts)
