"""datasketch's MinHash permutations and MinHashLSH parameters, from a shipped table.

``resources/minhash.json`` is written by ``scripts/make_minhash_params.py`` with datasketch
itself; a test checks it equals datasketch's values. Reading it at run time keeps datasketch,
and the scipy it imports, out of the packaged app.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

from curator.core.model.resources import resource_path

NUM_PERM = 128
SEED = 20261130
SCHEME = "affine32"
THRESHOLD_STEPS = range(30, 86)  # candidate thresholds 0.30 ... 0.85, in hundredths


def table_path() -> Path:
    return resource_path("minhash.json")


@cache
def _table() -> dict[str, object]:
    table: dict[str, object] = json.loads(table_path().read_text())
    if (table["seed"], table["num_perm"], table["scheme"]) != (SEED, NUM_PERM, SCHEME):
        raise RuntimeError(f"{table_path()} was made for other MinHash settings; run "
                           "scripts/make_minhash_params.py")
    return table


def permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``(a, b)`` of the affine32 scheme for our seed, as uint32 arrays."""
    table = _table()
    return (np.asarray(table["a"], dtype=np.uint32), np.asarray(table["b"], dtype=np.uint32))


def lsh_shape(candidate_threshold: float) -> tuple[int, int]:
    """MinHashLSH's (bands, rows per band) for a threshold (rounded to hundredths)."""
    step = min(max(round(candidate_threshold * 100), THRESHOLD_STEPS[0]), THRESHOLD_STEPS[-1])
    bands = _table()["bands"]
    assert isinstance(bands, dict)
    b, r = bands[f"{step / 100:.2f}"]
    return int(b), int(r)
