"""Export the rows that pass, in a trainer's format, with a manifest of what happened.

Policy, each step counted in the manifest: rows with an error-level finding are excluded;
duplicate clusters may be reduced to one member; rows over the target model's token limit are
dropped unless kept; a train/validation split keeps every duplicate cluster on one side, so
nothing leaks from train into validation. The source file is only read.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from curator import __version__
from curator.core.engine.pipeline import Analysis
from curator.core.export.writers import ConversionError, convert
from curator.core.families.duplicates.minhash import UnionFind
from curator.core.families.duplicates.plan import plan_drops
from curator.core.model.codes import CODES
from curator.core.model.findings import Severity
from curator.core.model.jsonl import is_device, iter_lines, parse_line, write_atomic_all
from curator.core.model.paths import path_text
from curator.core.model.targets import Target


@dataclass(frozen=True)
class ExportOptions:
    to: str
    drop_duplicates: bool = False
    keep_over_limit: bool = False
    split: float | None = None  # validation share: a fraction (0, 1) or a count (>= 1)
    seed: int = 0
    target: Target | None = None


@dataclass
class ExportPlan:
    """Which lines go where, and why the others do not."""

    train: list[int] = field(default_factory=list)
    validation: list[int] = field(default_factory=list)
    excluded: dict[int, str] = field(default_factory=dict)  # line -> reason


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan_export(analysis: Analysis, options: ExportOptions, total_lines: int,
                blank: set[int]) -> ExportPlan:
    plan = ExportPlan()
    errors: dict[int, list[str]] = {}
    for f in analysis.report.findings:
        if f.severity is Severity.ERROR and f.line > 0 and f.code != "T001":
            errors.setdefault(f.line, []).append(f.code)
    for line in blank:
        plan.excluded[line] = "blank line"
    for line, codes in errors.items():
        plan.excluded[line] = "error: " + "; ".join(
            f"{code} {CODES[code].title}" if code in CODES else code for code in sorted(set(codes)))
    if options.target is not None and not options.keep_over_limit:
        frame = analysis.metrics
        for line in frame["line"][frame["total"] > options.target.token_limit]:
            plan.excluded.setdefault(int(line), (
                f"over limit: more than the {options.target.token_limit:,} tokens "
                f"{options.target.name} takes"))
    if options.drop_duplicates:
        for drop in plan_drops(analysis.clusters, analysis.metrics, analysis.near_index):
            plan.excluded.setdefault(drop.line, (
                f"duplicate: line {drop.kept} is kept (cluster {drop.cluster}, "
                f"similarity {drop.similarity:.2f})"))
    kept = [line for line in range(1, total_lines + 1) if line not in plan.excluded]
    if not options.split:
        plan.train = kept
        return plan
    # every cluster is one unit, so all of its members land on the same side
    joined = UnionFind()
    for cluster in analysis.clusters:
        for line in cluster.lines:
            joined.union(cluster.lines[0], line)
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
    return plan


def output_paths(out: Path, split: bool) -> dict[str, Path]:
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    if not split:
        return {"train": out}
    return {"train": out.with_name(f"{stem}.train.jsonl"),
            "validation": out.with_name(f"{stem}.validation.jsonl")}


def manifest_path(out: Path) -> Path:
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(f"{stem}.manifest.json")


@dataclass
class Prepared:
    """An export worked out in full, before anything is written."""

    plan: ExportPlan
    converted: dict[int, bytes]
    dropped: Counter[str]
    total_lines: int


def prepare(source: Path, analysis: Analysis, options: ExportOptions) -> Prepared:
    """Decide every line's fate and convert the kept ones; writes nothing (the app's preview)."""
    values: dict[int, dict[str, Any]] = {}
    blank: set[int] = set()
    total_lines = 0
    for raw in iter_lines(source):
        total_lines = raw.number
        value, error = parse_line(raw.data)
        if value is not None:
            values[raw.number] = value
        elif error is not None and error.kind == "blank":
            blank.add(raw.number)
    plan = plan_export(analysis, options, total_lines, blank)
    dropped: Counter[str] = Counter()
    converted: dict[int, bytes] = {}
    for line in plan.train + plan.validation:
        value = values.get(line)
        if value is None:
            plan.excluded[line] = "not a JSON object"
            continue
        try:
            converted[line] = orjson.dumps(convert(value, analysis.shape, options.to, dropped))
        except ConversionError as exc:
            plan.excluded[line] = f"cannot convert: {exc}"
    plan.train = [line for line in plan.train if line in converted]
    plan.validation = [line for line in plan.validation if line in converted]
    return Prepared(plan, converted, dropped, total_lines)


def export(source: Path, analysis: Analysis, out: Path, options: ExportOptions
           ) -> dict[str, Any]:
    """Write the export and its manifest as one group (see ``write_atomic_all``: a full disk
    or a denied folder leaves every output as it was); returns the manifest.

    When ``out`` is a device (``/dev/null``) the manifest is returned but not written.
    """
    prepared = prepare(source, analysis, options)
    paths = output_paths(out, bool(options.split))
    sides = {side: lines for side, lines in (("train", prepared.plan.train),
                                             ("validation", prepared.plan.validation))
             if side in paths}
    # each output is hashed as it is written: reading it back would block on a FIFO and
    # hash nothing on /dev/null
    digests = {side: hashlib.sha256() for side in sides}

    def lines_of(side: str) -> Iterator[bytes]:
        for line in sides[side]:
            data = prepared.converted[line] + b"\n"
            digests[side].update(data)
            yield data

    manifest: dict[str, Any] = {}

    def manifest_json() -> bytes:  # made once every output is written: it holds their hashes
        outputs = [{"split": side, "path": path_text(paths[side]), "examples": len(lines),
                    "sha256": digests[side].hexdigest()} for side, lines in sides.items()]
        manifest.update(_manifest(source, analysis, options, prepared, outputs))
        return orjson.dumps(manifest, option=orjson.OPT_INDENT_2)

    def manifest_chunks() -> Iterator[bytes]:
        yield manifest_json()

    group = [(paths[side], lines_of(side)) for side in sides]
    if is_device(out):  # -o /dev/null: no OUT.manifest.json beside it in /dev
        write_atomic_all(group)
        manifest_json()
    else:
        write_atomic_all([*group, (manifest_path(out), manifest_chunks())])
    return manifest


def _manifest(source: Path, analysis: Analysis, options: ExportOptions, prepared: Prepared,
              outputs: list[dict[str, Any]]) -> dict[str, Any]:
    plan = prepared.plan
    reasons = Counter(reason.split(":")[0] for reason in plan.excluded.values())
    return {
        "curator": __version__,
        "source": {"path": path_text(source), "sha256": sha256_of(source),
                   "lines": prepared.total_lines, "examples": analysis.report.examples,
                   "shape": str(analysis.shape)},
        "settings": {"to": options.to, "drop_duplicates": options.drop_duplicates,
                     "keep_over_limit": options.keep_over_limit, "split": options.split,
                     "seed": options.seed,
                     "target": options.target.name if options.target else None},
        "counts": {"written": {o["split"]: o["examples"] for o in outputs},
                   "excluded": len(plan.excluded), "excluded_by_reason": dict(reasons),
                   "dropped_keys": dict(sorted(prepared.dropped.items()))},
        "excluded": [{"line": line, "reason": reason}
                     for line, reason in sorted(plan.excluded.items())],
        "outputs": outputs,
    }
