"""Render file reports as text, JSON (the findings contract), GitHub annotations or SARIF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from curator import __version__
from curator.core.model.codes import CODES
from curator.core.model.findings import FileReport, Finding, Severity
from curator.core.model.paths import path_text, uri_reference


def render_text(reports: Sequence[FileReport]) -> str:
    """``path:line:col: CODE message`` lines, grouped by file, then a summary."""
    out: list[str] = []
    totals = {"error": 0, "warning": 0, "info": 0}
    for report in reports:
        for f in report.findings:
            where = f"{report.path}:{f.line}:{f.column}" if f.line else f"{report.path}"
            at = f" [{f.path}]" if f.path else ""
            out.append(f"{where}: {f.code} {f.severity}{at} {f.message}")
        summary = report.summary()
        for key, name in (("errors", "error"), ("warnings", "warning"), ("info", "info")):
            totals[name] += summary[key]
        config = f"; config: {report.config}" if report.config else ""
        out.append(
            f"{report.path}: {counted(report.examples, 'example')} ({summary['shape']}): "
            f"{_tally(summary['errors'], summary['warnings'], summary['info'])}{config}"
        )
        if report.findings:
            out.append("")
    if len(reports) > 1:
        out.append(
            f"{len(reports)} files: "
            f"{_tally(totals['error'], totals['warning'], totals['info'])}"
        )
    return "\n".join(out).rstrip("\n") + "\n"


def counted(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``1,204 examples``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _tally(errors: int, warnings: int, info: int) -> str:
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}, {info:,} info"


def render_json(reports: Sequence[FileReport]) -> str:
    """The findings contract; a file name that is not UTF-8 is written with U+FFFD for each
    byte that is not (see :func:`path_text`), so the JSON stays valid."""
    return orjson.dumps({"files": [_file_json(r) for r in reports]},
                        option=orjson.OPT_INDENT_2).decode() + "\n"


def _file_json(report: FileReport) -> dict[str, Any]:
    doc = report.to_dict()
    doc["path"] = path_text(report.path)
    if "config" in doc:
        doc["config"] = path_text(doc["config"])
    return doc


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(reports: Sequence[FileReport]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for report in reports:
        for f in report.findings:
            props = [f"file={_escape_github(path_text(report.path), prop=True)}"]
            if f.line:
                props += [f"line={f.line}", f"col={f.column}"]
            props.append(f"title={_escape_github(f.code, prop=True)}")
            out.append(f"::{level[f.severity]} {','.join(props)}::{_escape_github(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def _sarif_result(path: str, f: Finding) -> dict[str, Any]:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    # a URI reference, percent-encoded (RFC 3986): "a b#1.jsonl" is "a%20b%231.jsonl"
    location: dict[str, Any] = {"artifactLocation": {"uri": uri_reference(path)}}
    if f.line:
        location["region"] = {"startLine": f.line, "startColumn": f.column}
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": level[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": location}],
    }
    if f.path:
        result["properties"] = {"jsonPath": f.path}
    if f.related:
        result.setdefault("properties", {})["related"] = list(f.related)
    return result


def render_sarif(reports: Sequence[FileReport]) -> str:
    """SARIF 2.1.0, one run, with every used code as a rule."""
    used = sorted({f.code for r in reports for f in r.findings})
    rules = [
        {
            "id": code,
            "name": CODES[code].check,
            "shortDescription": {"text": CODES[code].title},
            "defaultConfiguration": {
                "level": {"error": "error", "warning": "warning", "info": "note"}[
                    str(CODES[code].severity)
                ]
            },
        }
        for code in used
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "curator",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": [_sarif_result(r.path, f) for r in reports for f in r.findings],
            }
        ],
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n"


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
