"""Export the rows that pass, in a trainer's format, with a manifest of what happened.

What is written where is decided by :mod:`curator.core.export.plan`; the source file is
only read.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator import __version__
from curator.core.engine.pipeline import Analysis
from curator.core.export.plan import ExportOptions, ExportPlan, plan_export
from curator.core.export.writers import ConversionError, convert
from curator.core.model.jsonl import iter_lines, parse_line, write_atomic


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
            for family in analysis.families:
                value = family.export_value(value, line, analysis.conclusions[family.name],
                                            analysis.settings)
            converted[line] = orjson.dumps(convert(value, analysis.shape, options.to, dropped))
        except ConversionError as exc:
            plan.excluded[line] = f"cannot convert: {exc}"
    plan.train = [line for line in plan.train if line in converted]
    plan.validation = [line for line in plan.validation if line in converted]
    return Prepared(plan, converted, dropped, total_lines)


def export(source: Path, analysis: Analysis, out: Path, options: ExportOptions
           ) -> dict[str, Any]:
    """Write the export and its manifest; returns the manifest."""
    prepared = prepare(source, analysis, options)
    plan, converted, dropped = prepared.plan, prepared.converted, prepared.dropped
    total_lines = prepared.total_lines
    paths = output_paths(out, bool(options.split))
    outputs = []
    for side, lines in (("train", plan.train), ("validation", plan.validation)):
        if side not in paths:
            continue
        write_atomic(paths[side], (converted[line] + b"\n" for line in lines))
        outputs.append({"split": side, "path": str(paths[side]), "examples": len(lines),
                        "sha256": sha256_of(paths[side])})
    reasons = Counter(reason.split(":")[0] for reason in plan.excluded.values())
    manifest: dict[str, Any] = {
        "curator": __version__,
        "source": {"path": str(source), "sha256": sha256_of(source), "lines": total_lines,
                   "examples": analysis.report.examples, "shape": str(analysis.shape)},
        "settings": _settings(analysis, options),
        "counts": {"written": {o["split"]: o["examples"] for o in outputs},
                   "excluded": len(plan.excluded), "excluded_by_reason": dict(reasons),
                   "dropped_keys": dict(sorted(dropped.items()))},
        "excluded": [{"line": line, "reason": reason}
                     for line, reason in sorted(plan.excluded.items())],
        "outputs": outputs,
    }
    write_atomic(manifest_path(out), [orjson.dumps(manifest, option=orjson.OPT_INDENT_2)])
    return manifest


def _settings(analysis: Analysis, options: ExportOptions) -> dict[str, Any]:
    """The settings that decided the export, as the manifest records them."""
    values = analysis.settings.values()
    target = analysis.settings.core.target
    return {"to": options.to, "drop_duplicates": values.get("drop_duplicates", False),
            "keep_over_limit": values.get("keep_over_limit", False), "split": options.split,
            "seed": options.seed, "target": target.name if target else None}
