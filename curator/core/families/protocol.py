"""The check-family protocol: what a family is, and what the engine asks of it.

A family is one object (a :class:`Family`) that owns a kind of check: its finding codes, its
per-example metrics columns, the settings it reads, and its machinery. The engine runs every
registered family the same way and names none of them:

1. **Per row**, in a worker: ``family.start(run)`` gives a :class:`RowCheck` for one chunk
   of the file; its :meth:`RowCheck.row` sees each example (a :class:`RowContext`), adds
   findings, one row of values for the family's columns, and may publish a per-row result
   for the families that come after it (``reads``); :meth:`RowCheck.close` ends the chunk
   with the columns and a payload (anything picklable, positional: one entry per example).
2. **Per file**, in the process that started the check: ``family.conclude(facts)`` sees the
   whole file's metrics (``facts.columns``: every family's columns as numpy arrays, keyed by
   line; ``facts.frame`` the same as a pandas DataFrame, made on demand) and the payloads of
   every chunk, and returns a :class:`Conclusion`: the family's
   file-level facts (statistics, fences, clusters) and the findings they imply.
3. **Per edit**, in the app: the edited row is checked again (step 1 on one row) and every
   conclusion hears of it through :meth:`Conclusion.update`, so its findings for that row
   (and, for cross-row checks such as duplicates, for its neighbours) stay current.

Families also offer, optionally, an export step (:meth:`Family.export_drops`, lines to
leave out and why; :meth:`Family.export_value`, a transform of each kept example;
:meth:`Family.export_notes`, what that transform did, for the manifest).

See docs/families.md for a worked example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import BaseModel

from curator.core.model.codes import Code
from curator.core.model.columns import Columns
from curator.core.model.findings import Finding
from curator.core.model.jsonl import ParseError
from curator.core.model.parts import row_texts
from curator.core.model.settings import Settings
from curator.core.model.shapes import Shape

if TYPE_CHECKING:
    import pandas as pd

LineOf = Callable[[int], int]  # a row's key -> its line number now


def same_line(key: int) -> int:
    """``line_of`` for a whole-file check, where every row's key is its line number."""
    return key


@dataclass(frozen=True)
class Column:
    """A per-example metrics column a family fills: ``kind`` is "int", "float" or "str"."""

    name: str
    kind: str = "int"
    default: Any = 0


@dataclass(frozen=True)
class Run:
    """What the row checks of one run need (picklable: it travels to worker processes)."""

    settings: Settings
    shape: Shape
    requests: Mapping[str, Any] = field(default_factory=dict)  # what families asked of others
    timed: bool = False  # measure each family's row checks (benchmarks; costs a little)


class RowContext:
    """One example as every family's row check sees it (one per row of a batch).

    ``outputs`` holds what earlier families published about this row, by family name (a
    family reads only those it names in ``reads``). ``texts`` is the example's (role, text)
    list, computed once when a family first asks.
    """

    __slots__ = ("_texts", "findings", "line", "outputs", "shape", "value")

    def __init__(self, shape: Shape, findings: list[Finding]) -> None:
        self.shape = shape
        self.findings = findings  # where row checks put their findings
        self.line = 0
        self.value: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self._texts: list[tuple[str, str]] | None = None

    def reset(self, line: int, value: dict[str, Any]) -> None:
        self.line = line
        self.value = value
        self.outputs.clear()
        self._texts = None

    @property
    def texts(self) -> list[tuple[str, str]]:
        if self._texts is None:
            self._texts = row_texts(self.value)
        return self._texts


@dataclass
class ChunkPart:
    """What one family's row check collected over a chunk."""

    columns: dict[str, np.ndarray | list[Any]] = field(default_factory=dict)
    payload: Any = None
    summary: Any = None  # a small digest of the chunk for a file-level conclusion


class RowCheck:
    """A family's row checks over one chunk. Override :meth:`row` (and the others as needed)."""

    def __init__(self, columns: tuple[Column, ...] = ()) -> None:
        self.columns = columns
        self._pending: list[tuple[Any, ...]] = []

    def row(self, ctx: RowContext) -> None:
        """Check one example (a JSON object); :meth:`add` one row of column values."""

    def unparsed(self, line: int, error: ParseError | None, blank: bool,
                 findings: list[Finding]) -> None:
        """A line that is not a JSON object (blank, or ``error`` says why)."""

    def add(self, *values: Any) -> None:
        """This example's values of :attr:`columns`, in their order (call once per row)."""
        self._pending.append(values)

    def payload(self) -> Any:
        """Anything else the conclusion needs, positional (one entry per example)."""
        return None

    def summary(self, columns: dict[str, np.ndarray | list[Any]]) -> Any:
        """A small digest of the chunk (value counts, sums) from which the conclusion finds
        a file-level value (the outlier fences, the majority language) without reading
        every row: merged in :meth:`Family.conclude` from ``facts.summaries``, it gives
        what the whole column gives, on any split of the file into chunks. ``columns``
        are the chunk's own, as :meth:`close` hands them on."""
        return None

    def close(self) -> ChunkPart:
        columns = columns_of(self.columns, self._pending)
        return ChunkPart(columns, self.payload(), self.summary(columns))


def columns_of(columns: Sequence[Column], rows: list[tuple[Any, ...]]
               ) -> dict[str, np.ndarray | list[Any]]:
    """Rows of values as typed columns (numbers as numpy arrays, text as lists)."""
    if not columns:
        return {}
    if not rows:
        return {c.name: _empty(c) for c in columns}
    out: dict[str, np.ndarray | list[Any]] = {}
    for column, values in zip(columns, zip(*rows, strict=True), strict=True):
        if column.kind == "int":
            out[column.name] = np.fromiter(values, dtype=np.int64, count=len(values))
        elif column.kind == "float":
            out[column.name] = np.fromiter(values, dtype=np.float64, count=len(values))
        else:
            out[column.name] = list(values)
    return out


def _empty(column: Column) -> np.ndarray | list[Any]:
    if column.kind == "int":
        return np.zeros(0, dtype=np.int64)
    if column.kind == "float":
        return np.zeros(0, dtype=np.float64)
    return []


@dataclass
class FileFacts:
    """What a family concludes from: the whole file's metrics and its chunks' payloads."""

    columns: Columns  # one row per example, every family's columns, keyed by line
    payloads: list[Any]  # this family's payload of every chunk, in file order
    examples: int  # lines that are examples (blank lines are not)
    shape: Shape
    settings: Settings
    bom: bool = False
    earlier: Mapping[str, Conclusion] = field(default_factory=dict)  # by family name
    summaries: list[Any] = field(default_factory=list)  # this family's, of every chunk

    @property
    def frame(self) -> pd.DataFrame:
        """The columns as a pandas DataFrame indexed by line (imports pandas: prefer
        ``columns`` in checks)."""
        return self.columns.to_pandas()


@dataclass
class RowResult:
    """One edited row, checked again: its metrics (every family's columns) and this
    family's payload for it (a chunk payload of one example)."""

    columns: Columns  # one row, keyed by the row's key
    payload: Any = None


class Conclusion:
    """What a family concluded over the file, kept current under edits.

    The default has no findings; families override what they need. Findings are made with
    ``line`` set to the row's key and placed at the row's current line by the caller, except
    that :meth:`findings_of` receives ``line_of`` for findings that name other rows.
    """

    def file_findings(self) -> list[Finding]:
        """Findings about the file as a whole (line 0, or a fixed line such as 1)."""
        return []

    def keys(self) -> Iterable[int]:
        """The rows this conclusion has findings for."""
        return ()

    def findings_of(self, key: int, line_of: LineOf) -> list[Finding]:
        """This conclusion's findings for the row ``key``."""
        return []

    def update(self, key: int, row: RowResult | None) -> None:
        """The row ``key`` was edited or added (``row``) or removed (None)."""

    def all_findings(self, line_of: LineOf) -> list[Finding]:
        out = self.file_findings()
        for key in self.keys():
            out.extend(self.findings_of(key, line_of))
        return out


class StaticConclusion(Conclusion):
    """A conclusion whose per-row findings depend only on the row and file-level facts
    fixed at the last full check (fences, the expected languages): an edit recomputes them
    for that row alone with :meth:`judge`."""

    def __init__(self, columns: Columns) -> None:
        self.by_key: dict[int, list[Finding]] = {}
        if len(columns):
            for finding in self.judge(columns):
                self.by_key.setdefault(finding.line, []).append(finding)

    def judge(self, columns: Columns) -> list[Finding]:
        """Findings for the rows of ``columns`` (one row or all), lines set to their keys."""
        raise NotImplementedError

    def keys(self) -> Iterable[int]:
        return self.by_key.keys()

    def findings_of(self, key: int, line_of: LineOf) -> list[Finding]:
        return list(self.by_key.get(key, ()))

    def update(self, key: int, row: RowResult | None) -> None:
        self.by_key.pop(key, None)
        if row is not None:
            found = self.judge(row.columns)
            if found:
                self.by_key[key] = found


class Family:
    """A check family. Subclasses set the class attributes and override what they do."""

    name: ClassVar[str]  # its folder under curator/core/families/
    codes: ClassVar[Mapping[str, Code]] = {}
    columns: ClassVar[tuple[Column, ...]] = ()  # the per-example metrics it fills
    settings: ClassVar[type[BaseModel] | None] = None  # the settings it reads
    reads: ClassVar[tuple[str, ...]] = ()  # families whose per-row outputs it reads
    slow_start: ClassVar[bool] = False  # its start takes longer than checking a small file's
    # rows (a model to build): such a file's check overlaps it with the others' (overlap.py)
    doc: ClassVar[str] = ""  # where its checks are documented
    export_exempt: ClassVar[frozenset[str]] = frozenset()  # error codes its export_drops
    # decides about (a row with only these errors is not excluded as an error)

    def enabled(self, settings: Settings) -> bool:
        """Whether this run checks with the family (a disabled one adds no findings, and its
        columns hold their defaults)."""
        return True

    def requests(self, settings: Settings) -> Mapping[str, Any]:
        """What it asks of the families before it for this run (merged into ``Run``)."""
        return {}

    def start(self, run: Run) -> RowCheck:
        """The row checks for one chunk (in a worker); none by default."""
        return RowCheck(self.columns)

    def conclude(self, facts: FileFacts) -> Conclusion:
        """The file-level conclusion (in the process that started the check)."""
        return Conclusion()

    def export_drops(self, conclusion: Conclusion, columns: Columns,
                     settings: Settings) -> dict[int, str]:
        """Lines an export leaves out, with the reason (none by default)."""
        return {}

    def together(self, conclusion: Conclusion) -> list[tuple[int, ...]]:
        """Lines that must land on the same side of a train/validation split."""
        return []

    def export_value(self, value: dict[str, Any], line: int, conclusion: Conclusion,
                     settings: Settings) -> dict[str, Any]:
        """An example as an export writes it (unchanged by default)."""
        return value

    def export_notes(self, conclusion: Conclusion, lines: Sequence[int],
                     settings: Settings) -> dict[str, Any]:
        """What its export step did to the written ``lines``, for the manifest's ``notes``
        (a ``summary`` string is also printed by the CLI); nothing by default."""
        return {}
