"""Repetition inside one text: a cheap test that passes clean text, then the exact measures.

**Cheap test** (:func:`suspect`): a text whose characters are largely repeated has pieces
that occur again. Short probes (20 characters, one every 97) are looked for in the next
4,096 characters with ``str.find`` (C speed); when a tenth of them (two at least) occur
again, or the last 24 characters occur in the 4 KB before them (a loop that ends the reply),
the text goes on to the exact measures (docs/quality.md has the measured rates).

**Exact measures** (:func:`measure`), on the text with code blocks, table rows and list
markers blanked (:mod:`.markup`), cut into words (runs of non-space; each character of a
script written without spaces, and of a word of over 40 letters, is a word of its own):

- a **loop** (R001): a unit of 1 to 100 words repeated back to back 3 times or more, the
  run at least 12 words long (so a single word must repeat 12 times);
- **repeated share** (R002), Gopher's measures (Rae et al. 2021, Table A1) as datatrove
  computes them, on texts of 50 words or more (Gopher's minimum): the characters in
  duplicated word n-grams for n = 5 to 10 (``find_all_duplicate``: a repeat is counted and
  skipped past), and the characters in duplicated lines, each over the characters of all
  words (of all lines). R002 fires at twice Gopher's thresholds (docs/quality.md says why).

The piece a finding names is the loop's unit, or the most frequent repeated 5-gram grown to
the longest run its first repeat shares with its first occurrence (or the most repeated
line); its span is that first repeat, in the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from curator.core.families.repetition.markup import prose

GOPHER_NGRAMS = {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}  # dup n-gram chars
GOPHER_LINES = 0.20  # duplicate line characters
SCALE = 3.0  # R002 at three times Gopher's n-gram thresholds
SCALE_LINES = 2.0  # and twice its duplicate-line threshold (docs/quality.md)
FLOOR = 0.1  # a 5-gram share below this: the longer n-grams are not measured
MIN_CHARS = 60  # shorter texts are not measured
MIN_WORDS = 50  # Gopher's minimum document length: the n-gram and line rules need it
LOOP_REPEATS = 3
LOOP_WORDS = 12
MAX_UNIT = 100  # words in a loop's unit
MAX_CHARS = 20_000  # a longer text is measured on its last 20,000 characters
PIECE_WORDS = 30  # a named piece is grown to at most this many words
PROBE, STEP, TAIL, LOOK_BACK = 20, 97, 24, 4096
LOOK_AHEAD = 4096  # a probe is looked for this far on
LONG_WORD = 40

_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff")
_WORD = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
_ONE_UNSPACED = re.compile(f"[{_UNSPACED}]")
SCALE_UNSPACED = 3
_MULT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Repeat:
    """What repeats in a text: the rule that fired, the share of the text in the repetition,
    the piece, how often it occurs, and the span of its first repetition."""

    code: str  # R001 (a loop) or R002 (repeated share)
    share: float  # of the text's word characters (outside code, tables, list markers)
    piece: str
    count: int
    span: tuple[int, int]
    rule: str  # "loop", "5-gram" ... "10-gram", "lines"
    limit: float = 0.0  # the threshold of the rule that fired (R002)


def suspect(text: str) -> bool:
    """Whether ``text`` may repeat enough to matter (cheap; clean text mostly says no)."""
    n = len(text)
    if n < MIN_CHARS:
        return False
    find = text.find
    first = max(0, n - MAX_CHARS)
    needed = max(2, (n - first) // (STEP * 10))  # a tenth of the probes, two at least
    hits = 0
    for p in range(first, n - 2 * PROBE, STEP):
        if find(text[p:p + PROBE], p + 1, p + LOOK_AHEAD) >= 0:
            hits += 1
            if hits >= needed:
                return True
    tail = n - TAIL - 1  # the end of the last line or sentence, its last character left out
    return find(text[tail:tail + TAIL], max(0, tail - LOOK_BACK), tail + TAIL - 1) >= 0


class _Words:
    """The words of a blanked text: their ids (equal words, equal ids), the running total of
    their characters, and (when a finding needs them) their spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        words: list[str] = _WORD.findall(text)
        if words and max(map(len, words)) > LONG_WORD:
            words = [c for w in words for c in (w if _split(w) else (w,))]
        vocab: dict[str, int] = {}
        get = vocab.setdefault
        self.words = words
        self.ids = np.array([get(w, len(vocab)) for w in words], dtype=np.int64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.chars = np.concatenate(([0], np.cumsum(lengths)))
        # a text mostly in a script without spaces counts characters: its n-grams and
        # lengths are taken SCALE_UNSPACED times longer
        self.scale = SCALE_UNSPACED if 2 * len(_ONE_UNSPACED.findall(text)) > len(
            words) else 1
        self._starts: list[int] = []
        self._ends: list[int] = []

    def __len__(self) -> int:
        return len(self.words)

    def _spans(self) -> None:
        for match in _WORD.finditer(self.text):
            start, end = match.span()
            if _split(match.group()):
                self._starts.extend(range(start, end))
                self._ends.extend(range(start + 1, end + 1))
            else:
                self._starts.append(start)
                self._ends.append(end)

    @property
    def starts(self) -> list[int]:
        if not self._starts:
            self._spans()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if not self._ends:
            self._spans()
        return self._ends

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of words ``first`` to ``last`` (inclusive)."""
        return self.starts[first], self.ends[last]

    def share(self, first: int, stop: int) -> float:
        total = int(self.chars[-1])
        return float(self.chars[stop] - self.chars[first]) / total if total else 0.0


def _split(word: str) -> bool:
    """A word of over 40 letters (``bananabanana…``) counts letter by letter."""
    return len(word) > LONG_WORD and word.isalpha()


def _runs(equal: np.ndarray) -> tuple[int, int]:
    """The longest run of True in ``equal``: (start, length)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], equal.view(np.int8), [0]))))
    starts, ends = edges[::2], edges[1::2]
    best = int(np.argmax(ends - starts))
    return int(starts[best]), int(ends[best] - starts[best])


def _loop(words: _Words, text: str) -> Repeat | None:
    """The unit repeated back to back over the most words (3 times, 12 words at least)."""
    ids = words.ids
    least = LOOP_WORDS * words.scale
    best: tuple[int, int, int] | None = None  # start, unit, words covered
    for unit in _periods(ids):
        start, run = _runs(ids[unit:] == ids[:-unit])
        covered = run + unit
        if covered // unit < LOOP_REPEATS or covered < least or (
                best is not None and covered <= best[2]):
            continue
        piece = text[slice(*words.span(start, start + unit - 1))]
        if any(c.isalnum() for c in piece):
            best = (start, unit, covered)
    if best is None:
        return None
    start, unit, covered = best
    shift = _phase(words, text, start, unit, covered)
    first = start + shift
    piece = text[slice(*words.span(first, first + unit - 1))]
    return Repeat("R001", words.share(start, start + covered), piece,
                  (covered - shift) // unit, words.span(first + unit, first + 2 * unit - 1),
                  "loop")


def _periods(ids: np.ndarray) -> list[int]:
    """The units a loop may have: distances (up to MAX_UNIT words) at which one 3-gram occurs
    again, twice or more (a loop repeats every 3-gram in it at its unit's distance)."""
    grams = _grams(ids, 3)
    order = np.argsort(grams, kind="stable")
    ranked = grams[order]
    same = ranked[1:] == ranked[:-1]
    distances = (order[1:] - order[:-1])[same]
    distances = distances[distances <= MAX_UNIT]
    if not len(distances):
        return []
    units, counts = np.unique(distances, return_counts=True)
    return [int(u) for u in units[counts >= 2] if len(ids) >= LOOP_REPEATS * u]


def _phase(words: _Words, text: str, start: int, unit: int, covered: int) -> int:
    """Where in the loop its unit is best read from: after the end of a sentence or a line
    (the loop may have been entered mid-sentence, or measured from mid-text)."""
    for shift in range(min(unit, covered - 2 * unit + 1)):
        at = start + shift
        if at > 0 and _boundary(words, text, at):
            return shift
    return 0


def _boundary(words: _Words, text: str, at: int) -> bool:
    """Whether word ``at`` starts a sentence or a line."""
    return words.words[at - 1][-1] in ".!?。！？" or _new_line(words, text, at)


def _new_line(words: _Words, text: str, at: int) -> bool:
    """Whether word ``at`` starts a line."""
    return "\n" in text[words.ends[at - 1]:words.starts[at]]


def _grams(ids: np.ndarray, n: int) -> np.ndarray:
    """One 64-bit number per word n-gram."""
    count = max(0, len(ids) - n + 1)
    values = ids.astype(np.uint64)
    h = np.zeros(count, dtype=np.uint64)
    for k in range(n):
        h = h * _MULT + values[k:k + count]  # mod 2^64
    return h


def _hashes(ids: np.ndarray, n: int) -> list[int]:
    return list(_grams(ids, n).tolist())


def _duplicated(hashes: list[int], chars: np.ndarray, n: int) -> int:
    """datatrove's ``find_all_duplicate``: characters of n-grams seen before, each repeat
    skipped past."""
    seen: set[int] = set()
    repeated = idx = 0
    last = len(hashes)
    while idx < last:
        h = hashes[idx]
        if h in seen:
            repeated += int(chars[idx + n] - chars[idx])
            idx += n
        else:
            seen.add(h)
            idx += 1
    return repeated


def _lines(text: str) -> tuple[float, str, int, tuple[int, int] | None]:
    """Share of characters in duplicated lines (of three words or more), the most repeated
    line, its count and the span of its first repeat."""
    first: dict[str, int] = {}
    again: dict[str, tuple[int, int]] = {}
    counts: Counter[str] = Counter()
    repeated = total = pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.count(" ") >= 2:
            total += len(stripped)
            counts[stripped] += 1
            if stripped in first:
                repeated += len(stripped)
                start = pos + len(line) - len(line.lstrip())
                again.setdefault(stripped, (start, start + len(stripped)))
            else:
                first[stripped] = pos
        pos += len(line) + 1
    if not again:
        return 0.0, "", 0, None
    line, count = counts.most_common(1)[0]
    return repeated / total, line, count, again[line]


def _piece(words: _Words, text: str, hashes: list[int]) -> tuple[str, int, tuple[int, int]]:
    """The most frequent repeated 5-gram, grown along its first repeat."""
    counts = Counter(hashes)
    top, count = counts.most_common(1)[0]
    first = hashes.index(top)
    again = hashes.index(top, first + 1)
    ids = words.ids
    size = 5 * words.scale
    most = PIECE_WORDS * words.scale
    while (size < most and first + size < again and again + size < len(ids)
           and ids[first + size] == ids[again + size]
           and not _new_line(words, text, again + size)):
        size += 1
    while (size < most and first > 0 and ids[first - 1] == ids[again - 1]
           and not _new_line(words, text, again)):
        first, again, size = first - 1, again - 1, size + 1
    span = words.span(again, again + size - 1)
    return text[slice(*span)], count, span


def _share(words: _Words, text: str) -> Repeat | None:
    """R002: Gopher's duplicated n-gram and line shares, over SCALE (SCALE_LINES) times its
    thresholds."""
    total = int(words.chars[-1])
    found: list[tuple[float, float, str]] = []  # (share / limit, share, rule)
    five: list[int] = []
    for n, limit in GOPHER_NGRAMS.items():
        hashes = _hashes(words.ids, n * words.scale)
        if n == 5:
            five = hashes
        share = _duplicated(hashes, words.chars, n * words.scale) / total if total else 0.0
        found.append((share / (limit * SCALE), share, f"{n}-gram"))
        if n == 5 and share < FLOOR:
            break  # the longer n-grams repeat less than the 5-grams: none can fire
    line_share, line, line_count, line_span = _lines(text)
    found.append((line_share / (GOPHER_LINES * SCALE_LINES), line_share, "lines"))
    ratio, share, rule = max(found)
    if ratio <= 1.0:
        return None
    limit = share / ratio
    if rule == "lines" and line_span is not None:
        return Repeat("R002", share, line, line_count, line_span, rule, limit)
    piece, count, span = _piece(words, text, five)
    return Repeat("R002", share, piece, count, span, rule, limit)


def measure(text: str) -> Repeat | None:
    """A loop (R001) or a large repeated share (R002) in ``text``, else None."""
    offset = max(0, len(text) - MAX_CHARS)
    blanked = prose(text[offset:] if offset else text)
    words = _Words(blanked)
    if len(words) < LOOP_WORDS:
        return None
    found = _loop(words, blanked)
    if found is None and len(words) >= MIN_WORDS * words.scale:
        found = _share(words, blanked)
    if found is None or not offset:
        return found
    start, end = found.span[0] + offset, found.span[1] + offset
    first = text.find(found.piece)  # the first repeat may come before the part measured
    again = text.find(found.piece, first + len(found.piece)) if first >= 0 else -1
    if 0 <= again < start:
        start, end = again, again + len(found.piece)
    return Repeat(found.code, found.share, found.piece, max(found.count, text.count(
        found.piece)), (start, end), found.rule, found.limit)
