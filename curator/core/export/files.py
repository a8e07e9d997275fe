"""Export the rows that pass, in a trainer's format, with a manifest of what happened.

What is written where is decided by :mod:`curator.core.export.plan`; the source file is
only read.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator import __version__
from curator.core.engine.pipeline import Analysis
from curator.core.export.outputs import clear_manifest
from curator.core.export.plan import ExportOptions, ExportPlan, plan_export
from curator.core.export.writers import ConversionError, convert
from curator.core.model.inputs import Source, Stamp, hashed_lines
from curator.core.model.inputs import sha256_of as sha256_of
from curator.core.model.jsonl import is_device, parse_line, write_atomic_all
from curator.core.model.paths import path_text


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
    sha256: str = ""  # of the source's bytes as this pass read them


def prepare(source: Path, analysis: Analysis, options: ExportOptions) -> Prepared:
    """Decide every line's fate and convert the kept ones; writes nothing (the app's preview)."""
    values: dict[int, dict[str, Any]] = {}
    blank: set[int] = set()
    total_lines = 0
    digest = hashlib.sha256()
    for raw in hashed_lines(source, digest):
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
        except orjson.JSONEncodeError:  # orjson writes at most 255 levels
            plan.excluded[line] = ("cannot convert: nested more than 255 levels deep, which "
                                   "trainers' JSON readers refuse; flatten it")
    plan.train = [line for line in plan.train if line in converted]
    plan.validation = [line for line in plan.validation if line in converted]
    return Prepared(plan, converted, dropped, total_lines, digest.hexdigest())


def export(source: Path | Source, analysis: Analysis, out: Path, options: ExportOptions
           ) -> dict[str, Any]:
    """Write the export and its manifest as one set (see :mod:`curator.core.export.outputs`:
    a full disk or a denied folder leaves every output as it was; the old manifest goes
    before the first file is renamed, the new one comes last); returns the manifest.

    ``source`` may be a :class:`Source` (the input as the command opened it): it is then
    named as given, and nothing is committed when it changed since it was first read
    (:class:`~curator.core.model.inputs.SourceChangedError`). When ``out`` is a device
    (``/dev/null``) the manifest is returned but not written.
    """
    if not isinstance(source, Source):
        source = Source(Path(source), str(source), Stamp.of(source))
    prepared = prepare(source.path, analysis, options)
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
    checked = source
    if is_device(out):  # -o /dev/null: no OUT.manifest.json beside it in /dev
        write_atomic_all(group, lambda: checked.check(prepared.sha256))
        manifest_json()
    else:
        def commit() -> None:
            checked.check(prepared.sha256)
            clear_manifest(manifest_path(out))

        write_atomic_all([*group, (manifest_path(out), manifest_chunks())], commit)
    return manifest


def _manifest(source: Source, analysis: Analysis, options: ExportOptions, prepared: Prepared,
              outputs: list[dict[str, Any]]) -> dict[str, Any]:
    plan = prepared.plan
    reasons = Counter(reason.split(":")[0] for reason in plan.excluded.values())
    written = sorted(plan.train + plan.validation)
    notes = {family.name: note for family in analysis.families if (
        note := family.export_notes(analysis.conclusions[family.name], written,
                                    analysis.settings))}
    manifest: dict[str, Any] = {
        "curator": __version__,
        "source": {"path": path_text(source.shown), "sha256": prepared.sha256,
                   "lines": prepared.total_lines, "examples": analysis.report.examples,
                   "shape": str(analysis.shape)},
        "settings": _settings(analysis, options),
        "counts": {"written": {o["split"]: o["examples"] for o in outputs},
                   "excluded": len(plan.excluded), "excluded_by_reason": dict(reasons),
                   "dropped_keys": dict(sorted(prepared.dropped.items()))},
        "excluded": [{"line": line, "reason": reason}
                     for line, reason in sorted(plan.excluded.items())],
        "outputs": outputs,
    }
    if notes:  # what families did to the written lines (masking), by family
        manifest["notes"] = notes
    return manifest


def _settings(analysis: Analysis, options: ExportOptions) -> dict[str, Any]:
    """The settings that decided the export, as the manifest records them."""
    values = analysis.settings.values()
    target = analysis.settings.core.target
    return {"to": options.to, "drop_duplicates": values.get("drop_duplicates", False),
            "keep_over_limit": values.get("keep_over_limit", False),
            "mask_pii": values.get("mask_pii", False), "split": options.split,
            "seed": options.seed, "target": target.name if target else None,
            "drop_contaminated": values.get("drop_contaminated", False),
            "against": [path_text(Path(p)) for p in values.get("against", ())]}
