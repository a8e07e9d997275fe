"""File-level values from the chunks' summaries: the outlier fences from each chunk's counts
of each length, the majority language from each chunk's counts of each language. On any
split of the rows they equal what the whole column gives, and numpy's own quartiles."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from curator.core.families.language.expected import expected_of, language_counts
from curator.core.families.tokens.lengths import (
    FENCE_IQRS,
    Fences,
    fences,
    fences_of,
    length_counts,
    merged_counts,
)


def numpy_fences(totals: np.ndarray) -> Fences | None:
    """The fences as written before summaries: np.percentile over every example's log."""
    values = totals[totals > 0].astype(float)
    if len(values) < 20:
        return None
    q1, q3 = np.percentile(np.log(values), [25, 75])
    iqr = q3 - q1
    return Fences(float(np.exp(q1 - FENCE_IQRS * iqr)) * (1 - 1e-9),
                  float(np.exp(q3 + FENCE_IQRS * iqr)) * (1 + 1e-9))


def lengths(rng: np.random.Generator, n: int) -> np.ndarray:
    kind = rng.integers(0, 4)
    if kind == 0:  # long-tailed, as real token counts
        out = np.exp(rng.normal(6, 1.2, size=n)).astype(np.int64)
    elif kind == 1:  # few distinct values: many ties
        out = rng.choice([3, 40, 41, 512, 9000], size=n)
    elif kind == 2:  # every example the same length
        out = np.full(n, 56)
    else:  # wide and huge
        out = rng.integers(1, 2**40, size=n)
    out[rng.random(n) < 0.05] = 0  # unreadable rows count no tokens
    return out


@pytest.mark.parametrize("seed", range(40))
def test_fences_from_counts_equal_numpys_quartiles(seed: int) -> None:
    rng = np.random.default_rng(seed)
    totals = lengths(rng, int(rng.integers(15, 5000)))
    assert fences(totals) == numpy_fences(totals)
    cuts = np.sort(rng.integers(0, len(totals), size=int(rng.integers(0, 9))))
    parts = [length_counts(piece) for piece in np.split(totals, cuts)]
    assert fences_of(merged_counts(parts)) == numpy_fences(totals)


def test_every_size_around_the_quartiles() -> None:
    """The interpolation weight of each quartile takes all four values (n - 1 mod 4)."""
    rng = np.random.default_rng(7)
    for n in range(20, 60):
        totals = rng.integers(1, 400, size=n)
        assert fences(totals) == numpy_fences(totals), n
    assert fences(np.ones(19, dtype=np.int64)) is None
    assert fences_of(merged_counts([])) is None


@pytest.mark.parametrize("seed", range(10))
def test_majority_language_from_counts_on_any_split(seed: int) -> None:
    rng = np.random.default_rng(seed)
    langs = list(rng.choice(["en", "de", "fr", "", "ja"], size=int(rng.integers(0, 400)),
                            p=[0.3, 0.3, 0.2, 0.1, 0.1]))
    cuts = sorted(rng.integers(0, len(langs) + 1, size=3).tolist())
    pieces = [langs[a:b] for a, b in zip([0, *cuts], [*cuts, len(langs)], strict=True)]
    merged = sum((language_counts(p) for p in pieces), Counter())
    assert expected_of(merged, ()) == expected_of(language_counts(langs), ())
    assert expected_of(merged, ("de",)) == ("de",)


def test_quartiles_of_counted_values_are_numpys_to_the_last_bit() -> None:
    """On arbitrary floats, where the two ways of interpolating round differently now and
    then (about one case in a hundred): numpy's way is the one taken."""
    from curator.core.families.tokens.lengths import _quartile

    rng = np.random.default_rng(5)
    rounded_apart = 0
    for _ in range(3000):
        values = np.sort(rng.normal(0, 10, size=int(rng.integers(2, 200))))
        times = rng.integers(1, 4, size=len(values))
        every = np.repeat(values, times)
        ends = np.cumsum(times)
        for q in (0.25, 0.75):
            want = float(np.percentile(every, q * 100))
            assert _quartile(values, ends, len(every), q) == want, q
            virtual = (len(every) - 1) * q
            low = float(every[int(virtual)])
            rounded_apart += low + (float(every[min(int(virtual) + 1, len(every) - 1)])
                                    - low) * (virtual % 1) != want
    assert rounded_apart > 5  # the test tells the two ways apart
