"""Write resources/minhash.json: datasketch's MinHash permutations for Curator's seed and
MinHashLSH's (bands, rows) for every candidate threshold from 0.30 to 0.85 (a threshold
of 0.45 to 1.00, less the 0.15 margin).

    python3 scripts/make_minhash_params.py

The app reads this table instead of importing datasketch at run time: datasketch imports
scipy (for the one integral behind the LSH parameters), 70 MB the packaged app need not carry.
A test checks the table still equals what datasketch computes.
"""

from __future__ import annotations

import json

from datasketch import MinHash, MinHashLSH

from curator.core.families.duplicates.params import (
    NUM_PERM,
    SCHEME,
    SEED,
    THRESHOLD_STEPS,
    table_path,
)


def build() -> dict[str, object]:
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    bands = {}
    for step in THRESHOLD_STEPS:
        lsh = MinHashLSH(threshold=step / 100, num_perm=NUM_PERM)
        bands[f"{step / 100:.2f}"] = [int(lsh.b), int(lsh.r)]
    return {"seed": SEED, "num_perm": NUM_PERM, "scheme": SCHEME,
            "a": [int(x) for x in a], "b": [int(x) for x in b], "bands": bands}


if __name__ == "__main__":
    table_path().write_text(json.dumps(build(), indent=1) + "\n")
    print(table_path())
