"""Exact and near duplicates: recall, precision, clusters, incremental index, dedup plan."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from datasketch import MinHash
from hypothesis import given
from hypothesis import strategies as st

from curator.core.engine.pipeline import Analysis, finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.duplicates.clusters import Cluster
from curator.core.families.duplicates.identity import _canonical, canonical
from curator.core.families.duplicates.lsh import NearDuplicateIndex, band_keys
from curator.core.families.duplicates.minhash import (
    shingle_hashes,
    signature_of,
    signatures,
)
from curator.core.families.duplicates.params import NUM_PERM, SEED
from curator.core.families.duplicates.plan import plan_drops
from curator.core.families.duplicates.state import DuplicateState
from curator.core.families.protocol import same_line
from curator.core.families.tokens.counter import get_encoding
from curator.core.model.parts import row_texts
from datagen.synth import chat_example, near_variant

ONLY = ("duplicates",)


def duplicates(analysis: Analysis) -> DuplicateState:
    state = analysis.conclusions["duplicates"]
    assert isinstance(state, DuplicateState)
    return state


def clusters(analysis: Analysis) -> list[Cluster]:
    return [group.cluster for group in duplicates(analysis).clusters(same_line)]


def test_signatures_equal_datasketch_affine32() -> None:
    ids = np.array(get_encoding("o200k_base").encode_ordinary("the quick brown fox " * 20))
    hashes, counts = shingle_hashes(ids, np.array([0]), np.array([len(ids)]))
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert np.array_equal(signatures(hashes, counts)[0], reference.hashvalues)


def test_signatures_of_many_examples_are_each_examples_own() -> None:
    """Examples signed in blocks through one reused buffer (empty ones, and one larger than
    the buffer, among them) get the signature datasketch gives each alone."""
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 3000, size=60)
    counts[[5, 17]] = 0
    counts[30] = 40_000  # more shingles than a block: the buffer grows
    hashes = rng.integers(0, 2**32, size=int(counts.sum()), dtype=np.uint64).astype(np.uint32)
    signed = signatures(hashes, counts)
    ends = np.cumsum(counts)
    for i, (end, count) in enumerate(zip(ends.tolist(), counts.tolist(), strict=True)):
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int)
        reference.update_batch(hashes[end - count:end].tolist())
        want = reference.hashvalues if count else np.full(NUM_PERM, 0xFFFFFFFF)
        assert np.array_equal(signed[i], want), i


def test_shingles_never_cross_examples() -> None:
    ids = np.arange(10, dtype=np.int64)
    _, counts = shingle_hashes(ids, np.array([0, 4, 6]), np.array([4, 2, 4]))
    assert counts.tolist() == [2, 0, 2]


def _ids(texts: list[str]) -> list[int]:
    """The documented shingle source: token ids of each user/assistant text, in order."""
    enc = get_encoding("o200k_base")
    return [i for text in texts for i in enc.encode_ordinary(text)]


def _jaccard(a: list[str], b: list[str]) -> float:
    def shingles(ids: list[int]) -> set[tuple[int, ...]]:
        return {tuple(ids[i:i + 3]) for i in range(len(ids) - 2)}

    sa, sb = shingles(_ids(a)), shingles(_ids(b))
    return len(sa & sb) / len(sa | sb)


def _user_assistant(example: dict[str, object]) -> list[str]:
    return [m["content"] for m in example["messages"]  # type: ignore[attr-defined]
            if m["role"] in ("user", "assistant") and isinstance(m["content"], str)]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[int, int]],
                                                                set[tuple[int, int]]]:
    """3,000 unique examples, 150 near-duplicate pairs, 50 exact copies (respaced)."""
    rng = random.Random(99)
    rows: list[bytes] = []
    near: list[tuple[int, int]] = []
    exact: list[tuple[int, int]] = []
    for _ in range(3000):
        example = chat_example(rng)
        if any(not isinstance(m.get("content"), str) for m in example["messages"]):
            continue  # keep the ground truth simple: text-only examples
        rows.append(orjson.dumps(example))
    for i in rng.sample(range(len(rows)), 150):
        twin = near_variant(orjson.loads(rows[i]), rng, edits=rng.randint(1, 2))
        rows.append(orjson.dumps(twin))
        near.append((i, len(rows) - 1))
    for i in rng.sample(range(len(rows)), 50):
        value = orjson.loads(rows[i])
        value["messages"][-1]["content"] = "  " + value["messages"][-1]["content"] + " "
        rows.append(orjson.dumps(value))
        exact.append((i, len(rows) - 1))
    order = list(range(len(rows)))
    rng.shuffle(order)
    position = {old: new + 1 for new, old in enumerate(order)}
    path = tmp_path_factory.mktemp("dups") / "planted.jsonl"
    path.write_bytes(b"\n".join(rows[i] for i in order) + b"\n")
    truth_near = set()
    for a, b in near:
        ea, eb = orjson.loads(rows[a]), orjson.loads(rows[b])
        if _jaccard(_user_assistant(ea), _user_assistant(eb)) >= 0.8:
            truth_near.add(tuple(sorted((position[a], position[b]))))
    truth_exact = {tuple(sorted((position[a], position[b]))) for a, b in exact}
    return path, truth_near, truth_exact  # type: ignore[return-value]


def test_near_duplicate_recall_and_precision(planted: tuple[Path, set[tuple[int, int]],
                                                            set[tuple[int, int]]]) -> None:
    path, truth, exact = planted
    analysis = finish(validate_path(path, only=ONLY))
    found = {tuple(sorted((f.line, r))) for f in analysis.report.findings if f.code == "N001"
             for r in f.related}
    near_found = found - exact
    recall = len(near_found & truth) / len(truth)
    precision = len(near_found & truth) / len(near_found)
    print(f"near-duplicate pairs: truth {len(truth)}, found {len(near_found)}, "
          f"recall {recall:.3f}, precision {precision:.3f}")
    assert len(truth) >= 140
    assert recall >= 0.95 and precision >= 0.95
    exact_found = {tuple(sorted((f.line, r))) for f in analysis.report.findings
                   if f.code == "D001" for r in f.related}
    assert exact <= exact_found  # every planted exact copy, 100%


def test_no_reported_pair_is_below_the_threshold(planted: tuple[Path, set[tuple[int, int]],
                                                                set[tuple[int, int]]]) -> None:
    path, _, _ = planted
    rows = path.read_bytes().splitlines()
    analysis = finish(validate_path(path, default_settings(near_duplicate_threshold=0.9),
                                    only=ONLY))
    index = duplicates(analysis).index
    assert index is not None
    near = [c for c in clusters(analysis) if c.kind == "near"]
    assert near
    for cluster in near:
        assert cluster.similarity[0] >= 0.9
        for line in cluster.lines:  # each member is >= 0.9 from some other member, exactly
            text = _user_assistant(orjson.loads(rows[line - 1]))
            assert max(_jaccard(text, _user_assistant(orjson.loads(rows[o - 1])))
                       for o in cluster.lines if o != line) >= 0.9


def test_conflicting_answers_to_one_prompt(tmp_path: Path) -> None:
    question = {"role": "user", "content": "What is the capital of Australia, and why not Sydney?"}
    rows = [{"messages": [question, {"role": "assistant", "content": answer}]} for answer in (
        "Canberra. It was chosen as a compromise between Sydney and Melbourne.",
        "Sydney is the capital and the largest city of Australia by far.")]
    path = tmp_path / "conflict.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    report = finish(validate_path(path, only=ONLY)).report
    assert [(f.line, f.code, f.related) for f in report.findings if f.code == "D002"] == [
        (1, "D002", (2,)), (2, "D002", (1,))]


def test_index_updates_one_row_without_a_rebuild() -> None:
    rng = random.Random(3)
    examples = [chat_example(rng) for _ in range(300)]
    index = NearDuplicateIndex()

    def bands_of(example: dict[str, object]) -> tuple[np.ndarray, np.ndarray]:
        sig, shingles = signature_of(_ids(_user_assistant(example)))
        return band_keys(sig[None, :], index.bands, index.rows)[0], shingles

    rows = [bands_of(e) for e in examples]
    for key, (bands, shingles) in enumerate(rows):
        index.add(key, bands, shingles)
    twin = bands_of(examples[7])
    pairs = index.update(100, *twin)  # row 100 edited into a copy of row 7
    assert [(p.a, p.b, p.similarity) for p in pairs] == [(7, 100, 1.0)]
    assert index.update(100, *rows[100]) == []  # and back
    index.remove(7)
    assert index.update(100, *twin) == []


def test_plan_keeps_one_member_per_cluster(planted: tuple[Path, set[tuple[int, int]],
                                                          set[tuple[int, int]]]) -> None:
    path, _, _ = planted
    analysis = finish(validate_path(path, only=ONLY))
    drops = plan_drops(clusters(analysis), analysis.columns, duplicates(analysis).index, "longest")
    dropped = {d.line for d in drops}
    for cluster in clusters(analysis):
        assert len(set(cluster.lines) - dropped) >= 1
    assert all(d.kept not in dropped for d in drops)


def test_band_candidates_equal_datasketch_minhashlsh_queries() -> None:
    """The vectorised banding finds exactly the pairs MinHashLSH.query would."""
    from datasketch import LeanMinHash, MinHashLSH

    from curator.core.families.duplicates.lsh import band_keys, band_shape
    from curator.core.families.duplicates.pairs import bucket_pairs

    rng = random.Random(11)
    encode = get_encoding("o200k_base").encode_ordinary
    base = [chat_example(rng) for _ in range(150)]
    texts = [" ".join(t for _, t in row_texts(e)) for e in base]
    texts += [" ".join(t for _, t in row_texts(near_variant(e, rng, 2))) for e in base]
    sets = []
    sigs = []
    for text in texts:
        sig, shingles = signature_of(encode(text))
        sigs.append(sig)
        sets.append(shingles)
    matrix = np.vstack(sigs)
    bands, rows = band_shape(0.8)
    keys = band_keys(matrix, bands, rows)
    n = len(keys)
    every = np.repeat(np.arange(n), bands)  # every row in every band, no size rule
    found = bucket_pairs(np.tile(np.arange(bands), n), keys.reshape(-1), every,
                         np.ones(len(every), dtype=np.int64), 0.0)
    ours = set(zip(*(x.tolist() for x in found), strict=True))
    lsh = MinHashLSH(threshold=0.65, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (bands, rows)
    for i, sig in enumerate(matrix):
        lsh.insert(i, LeanMinHash(seed=SEED, hashvalues=sig, scheme="affine32"))
    theirs = set()
    for i, sig in enumerate(matrix):
        for j in lsh.query(LeanMinHash(seed=SEED, hashvalues=sig, scheme="affine32")):
            if i != j:
                theirs.add((min(i, j), max(i, j)))
    assert ours == theirs and len(ours) >= 150


def test_shipped_minhash_table_equals_datasketch() -> None:
    """resources/minhash.json holds what datasketch computes (permutations, LSH shapes)."""
    from datasketch import MinHashLSH

    from curator.core.families.duplicates.params import THRESHOLD_STEPS, lsh_shape, permutations

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
    ours_a, ours_b = permutations()
    assert np.array_equal(ours_a, a) and np.array_equal(ours_b, b)
    for step in THRESHOLD_STEPS:
        lsh = MinHashLSH(threshold=step / 100, num_perm=NUM_PERM)
        assert lsh_shape(step / 100) == (lsh.b, lsh.r)


def test_core_runs_without_datasketch_or_scipy() -> None:
    """The packaged app leaves both out: nothing at run time may import them."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['datasketch'] = None; sys.modules['scipy'] = None\n"
            "from curator.core.engine.pipeline import finish, validate_path\n"
            "from curator.core.model.resources import resource_path\n"
            "r = finish(validate_path(resource_path('samples/support_chats.jsonl'))).report\n"
            "assert any(f.code == 'N001' for f in r.findings)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


@given(st.dictionaries(st.text(max_size=6), st.text(" \t\nab\u3000") | _JSON, max_size=4))
def test_a_flat_message_has_the_same_canonical_form_by_the_short_way(message: dict[str, Any]
                                                                       ) -> None:
    """Messages of strings only take a short way to their canonical form: the same form the
    general walk gives, for every dict."""
    assert canonical(message) == _canonical(message)


def test_signatures_of_a_chunk_take_little_memory_beyond_their_result() -> None:
    """A worker computes a chunk's signatures a block of shingles at a time; a block's
    working arrays stay small (issue 21: blocks of 32k shingles took 50 MB in each worker
    at once, beside the app)."""
    import tracemalloc

    rng = np.random.default_rng(4)
    counts = rng.integers(50, 400, 2600)  # a 2 MB chunk's examples
    hashes = rng.integers(0, 2**32, int(counts.sum()), dtype=np.uint64).astype(np.uint32)
    tracemalloc.start()
    try:
        out = signatures(hashes, counts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak - out.nbytes < 20e6


@pytest.mark.parametrize("seed", [1, 2])
def test_linking_whole_columns_equals_linking_row_by_row(seed: int) -> None:
    """A file's rows linked whole columns at a time give the state of linking them one by
    one (unique fingerprints kept apart until asked for), and stay equal under edits."""
    from curator.core.model.columns import Columns

    rng = np.random.default_rng(seed)
    n = 4000
    keys = rng.permutation(np.arange(10, 10 + n * 3, 3)).astype(np.int64)

    def prints(share: float) -> np.ndarray:
        values = rng.integers(1, 2**62, size=n, dtype=np.int64)
        copies = rng.random(n) < share
        values[copies] = rng.choice(values[:60], size=int(copies.sum()))
        values[rng.random(n) < 0.05] = 0  # no fingerprint (an unreadable row)
        return values

    columns = Columns(keys, {"exact": prints(0.2), "prompt": prints(0.3),
                             "answer": rng.integers(0, 3, size=n, dtype=np.int64)})
    whole, halves, single = DuplicateState(0.8), DuplicateState(0.8), DuplicateState(0.8)
    whole._link_all(columns)
    half = n // 2  # linked in two goes: the second files onto groups already there
    halves._link_all(Columns(keys[:half], {c: columns[c][:half] for c in columns.names}))
    halves._link_all(Columns(keys[half:], {c: columns[c][half:] for c in columns.names}))
    for key, exact, prompt, answer in zip(*(columns[c].tolist() if c else keys.tolist()
                                             for c in ("", "exact", "prompt", "answer")),
                                          strict=True):
        single._link(key, exact, prompt, answer)

    def same(mine_state: DuplicateState) -> None:
        assert mine_state.exact == single.exact and mine_state.prompts == single.prompts
        assert mine_state.shared_exact == single.shared_exact
        assert mine_state.shared_prompts == single.shared_prompts
        for mine, theirs in ((mine_state.exact_groups, single.exact_groups),
                             (mine_state.prompt_groups, single.prompt_groups)):
            for fingerprint in set(theirs) | set(mine) | set(mine.single):
                assert mine[fingerprint] == theirs[fingerprint], fingerprint

    assert len(whole.shared_exact) > 10 and len(whole.exact_groups.single) > n // 2
    assert len(whole.shared_prompts) > 10
    same(halves)
    fresh = DuplicateState(0.8)
    fresh._link_all(columns)
    same(fresh)  # (asking for every group turns each one-row group into a set)
    for key in rng.choice(keys, size=300).tolist():  # edits: a row forgotten, then relinked
        exact, prompt = rng.choice(columns["exact"]), rng.choice(columns["prompt"])
        for state in (whole, single):
            state._forget(key)
            state._link(key, int(exact), int(prompt), 1)
    same(whole)
