"""The near-duplicate join's steps on a cluster's workers (duplicates/joined.py): what one
task over several chunks gives is what one task per chunk gives."""

from __future__ import annotations

import numpy as np

from curator.core.families.duplicates.joined import (
    merged,
    sets_of,
    sets_of_chunks,
    wanted_by_chunk,
)


def test_the_sets_of_several_chunks_in_one_task_are_each_chunks_own() -> None:
    """One task per worker over the chunks it holds (the cluster's verification) gives, for
    every request, exactly the shingle sets that one task per chunk gives."""
    rng = np.random.default_rng(6)
    sizes = [rng.integers(0, 9, size=n) for n in (5, 4, 0, 7)]  # a chunk without rows too
    payloads = [(None, (rng.integers(0, 2**32, size=int(s.sum()), dtype=np.uint32), s))
                for s in sizes]
    starts = np.cumsum([0, *(len(s) for s in sizes)]).tolist()
    requests = [np.sort(rng.choice(starts[-1], size=k, replace=False)) for k in (6, 0, 15)]
    wanted = [wanted_by_chunk((rows, rows), starts) for rows in requests]
    chunks = [0, 2, 3]  # chunk 1 is held elsewhere
    got = sets_of_chunks(chunks, [starts[c] for c in chunks], len(wanted), *wanted,
                         *[payloads[c] for c in chunks])
    for request, rows in enumerate(requests):
        one_by_one = merged(*(sets_of(payloads[c], starts[c], wanted[request][c])[0]
                              for c in chunks))
        assert got[request].keys() == one_by_one.keys() == {
            int(r) for r in rows if not starts[1] <= r < starts[2]}
        for row, hashes in one_by_one.items():
            assert np.array_equal(got[request][row], hashes)
