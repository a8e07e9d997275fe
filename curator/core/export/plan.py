"""Which lines an export writes, to which side of a split, and why the others are left out.

Policy, each step counted in the manifest: rows with an error-level finding are excluded
(except errors a family's own export rule decides about, such as T001); then each family's
export rule may leave rows out (over the token limit, duplicates); a train/validation split
keeps lines that belong together (a duplicate cluster) on one side, so nothing leaks from
train into validation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from curator.core.engine.pipeline import Analysis
from curator.core.families.duplicates.minhash import UnionFind
from curator.core.model.codes import CODES
from curator.core.model.findings import Severity


@dataclass(frozen=True)
class ExportOptions:
    to: str
    split: float | None = None  # validation share: a fraction (0, 1) or a count (>= 1)
    seed: int = 0


@dataclass
class ExportPlan:
    """Which lines go where, and why the others do not."""

    train: list[int] = field(default_factory=list)
    validation: list[int] = field(default_factory=list)
    excluded: dict[int, str] = field(default_factory=dict)  # line -> reason


def plan_export(analysis: Analysis, options: ExportOptions, total_lines: int,
                blank: set[int]) -> ExportPlan:
    plan = ExportPlan()
    for line in blank:
        plan.excluded[line] = "blank line"
    for line, codes in _errors(analysis).items():
        plan.excluded[line] = "error: " + "; ".join(
            f"{code} {CODES[code].title}" if code in CODES else code for code in sorted(set(codes)))
    for family in analysis.families:
        conclusion = analysis.conclusions[family.name]
        for line, reason in family.export_drops(conclusion, analysis.columns,
                                                analysis.settings).items():
            plan.excluded.setdefault(line, reason)
    kept = [line for line in range(1, total_lines + 1) if line not in plan.excluded]
    if not options.split:
        plan.train = kept
        return plan
    _split(plan, kept, analysis, options)
    return plan


def _errors(analysis: Analysis) -> dict[int, list[str]]:
    exempt = frozenset().union(*(family.export_exempt for family in analysis.families))
    errors: dict[int, list[str]] = {}
    for f in analysis.report.findings:
        if f.severity is Severity.ERROR and f.line > 0 and f.code not in exempt:
            errors.setdefault(f.line, []).append(f.code)
    return errors


def _split(plan: ExportPlan, kept: list[int], analysis: Analysis, options: ExportOptions
           ) -> None:
    """Every group of lines that belong together is one unit, so all of it lands on the
    same side; units are shuffled with the seed and taken for validation until it is full."""
    assert options.split is not None
    joined = UnionFind()
    for family in analysis.families:
        for lines in family.together(analysis.conclusions[family.name]):
            for line in lines:
                joined.union(lines[0], line)
    unit_of = {line: joined.find(line) for line in joined.parent}
    units: dict[int, list[int]] = {}
    for line in kept:
        units.setdefault(unit_of.get(line, line), []).append(line)
    order = sorted(units)
    random.Random(options.seed).shuffle(order)
    want = (round(len(kept) * options.split) if options.split < 1 else int(options.split))
    chosen: set[int] = set()
    count = 0
    for unit in order:
        if count >= want:
            break
        if count + len(units[unit]) <= want or count == 0:
            chosen.add(unit)
            count += len(units[unit])
    for line in kept:
        (plan.validation if unit_of.get(line, line) in chosen else plan.train).append(line)
