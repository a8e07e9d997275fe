"""Near-duplicate stage on a 100k-example file versus the plain use of datasketch.

    python -m benchmarks.near_duplicates [--examples 100000] [--pairs 500]

Both sides start from the same token ids (token counting produces them in Curator, so they are
not part of either timing) and look for pairs at Jaccard >= 0.8 over 3-token shingles.

- plain datasketch: one ``MinHash()`` per example, ``update`` per shingle (bytes, datasketch's
  default sha1 hashing), ``MinHashLSH(threshold=0.8)`` insert, then query every example.
- Curator: batched shingling and signatures (numpy), LSH banding with MinHashLSH's parameters
  done for all rows at once (numpy), exact verification.

Recall is measured on planted near-duplicate pairs (1-2 words changed) whose exact Jaccard is
>= 0.8. Also times the language stage per example.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from datasketch import MinHash, MinHashLSH

from curator.core.families.duplicates.lsh import find_pairs
from curator.core.families.duplicates.minhash import shingle_hashes, signatures, split_sets
from curator.core.families.tokens.counter import get_encoding
from datagen.synth import chat_example, near_variant


def texts_of(example: dict) -> list[str]:  # type: ignore[type-arg]
    return [m["content"] for m in example["messages"]
            if m["role"] in ("user", "assistant") and isinstance(m.get("content"), str)]


def planted_file(n: int, pairs: int) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """Token ids of ``n`` examples, ``pairs`` of them near variants of others, and the
    planted pairs whose exact Jaccard reaches 0.8."""
    rng = random.Random(1)
    examples = [chat_example(rng) for _ in range(n - pairs)]
    planted = []
    for i in rng.sample(range(len(examples)), pairs):
        examples.append(near_variant(examples[i], rng, edits=rng.randint(1, 2)))
        planted.append((i, len(examples) - 1))
    encode = get_encoding("o200k_base").encode_ordinary
    ids = [[t for text in texts_of(e) for t in encode(text)] for e in examples]

    def shingle_set(row: list[int]) -> set[tuple[int, ...]]:
        return {tuple(row[i:i + 3]) for i in range(len(row) - 2)}

    truth = []
    for a, b in planted:
        sa, sb = shingle_set(ids[a]), shingle_set(ids[b])
        if len(sa & sb) / len(sa | sb) >= 0.8:
            truth.append((a, b))
    return ids, truth


def curator_pairs(ids: list[list[int]]) -> set[tuple[int, int]]:
    lengths = np.array([len(r) for r in ids])
    flat = np.fromiter((t for r in ids for t in r), dtype=np.int64, count=int(lengths.sum()))
    hashes, counts = shingle_hashes(flat, np.cumsum(lengths) - lengths, lengths)
    sigs = signatures(hashes, counts)
    _, pairs = find_pairs(list(range(len(ids))), sigs, split_sets(hashes, counts))
    return {(p.a, p.b) for p in pairs}


def datasketch_pairs(ids: list[list[int]]) -> set[tuple[int, int]]:
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    minhashes = []
    for key, row in enumerate(ids):
        m = MinHash(num_perm=128)
        for i in range(len(row) - 2):
            m.update(b"%d %d %d" % (row[i], row[i + 1], row[i + 2]))
        lsh.insert(key, m)
        minhashes.append(m)
    found = set()
    for key, m in enumerate(minhashes):
        for other in lsh.query(m):
            if other != key:
                found.add((min(key, other), max(key, other)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=500)
    args = parser.parse_args()
    ids, planted = planted_file(args.examples, args.pairs)
    truth = set(planted)
    start = time.perf_counter()
    ours_found = curator_pairs(ids)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    plain_found = datasketch_pairs(ids)
    plain = time.perf_counter() - start

    def recall(found: set[tuple[int, int]]) -> float:
        return len(found & truth) / len(truth)

    print(f"{len(ids):,} examples, {len(truth)} planted pairs at Jaccard >= 0.8")
    print(f"plain datasketch: {plain:.1f} s, recall {recall(plain_found):.3f}, "
          f"{len(plain_found):,} pairs reported (unverified)")
    print(f"curator:          {ours:.1f} s, recall {recall(ours_found):.3f}, "
          f"{len(ours_found):,} pairs reported (verified)")
    print(f"speed-up: {plain / ours:.1f}x (target >= 10x)")


if __name__ == "__main__":
    main()
