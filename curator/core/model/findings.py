"""Finding and FileReport: the public contract every check produces and every view reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # blocks export
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True, frozen=True)
class Ref:
    """A place in another file (an evaluation set that an example overlaps)."""

    path: str
    line: int
    similarity: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "similarity": round(self.similarity, 4)}


@dataclass(slots=True, frozen=True)
class Finding:
    """One problem at one place.

    ``line`` is the 1-based physical line (0 for a finding about the whole file); ``path`` is
    where in the example (``messages[2].content``); ``related`` holds the lines of the other
    members of a duplicate cluster; ``span`` the character offsets ``[start, end)`` of the
    problem inside the string at ``path``; ``ref`` a place in another file.
    """

    line: int
    code: str
    check: str
    severity: Severity
    message: str
    path: str = ""
    related: tuple[int, ...] = ()
    column: int = 1
    span: tuple[int, int] | None = None
    ref: Ref | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in the README (the findings contract); the optional keys
        ``span`` and ``ref`` appear only when the finding has them."""
        out: dict[str, Any] = {
            "line": self.line,
            "code": self.code,
            "check": self.check,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.path,
            "related": list(self.related),
        }
        if self.span is not None:
            out["span"] = list(self.span)
        if self.ref is not None:
            out["ref"] = self.ref.to_dict()
        return out

    def sort_key(self) -> tuple[int, str, str]:
        return (self.line, self.code, self.path)


@dataclass
class FileReport:
    """All findings for one file."""

    path: str
    examples: int
    shape: str
    findings: list[Finding] = field(default_factory=list)
    config: str | None = None  # the config file whose settings the check used, if any

    def summary(self) -> dict[str, Any]:
        counts = Counter(str(f.severity) for f in self.findings)
        return {
            "shape": self.shape,
            "errors": counts.get("error", 0),
            "warnings": counts.get("warning", 0),
            "info": counts.get("info", 0),
            "by_code": dict(sorted(Counter(f.code for f in self.findings).items())),
        }

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def error_lines(self) -> set[int]:
        return {f.line for f in self.findings if f.severity is Severity.ERROR}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; the optional key ``config`` appears only when a config was used."""
        out: dict[str, Any] = {
            "path": self.path,
            "examples": self.examples,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.config is not None:
            out["config"] = self.config
        return out


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def code_matches(code: str, patterns: Sequence[str]) -> bool:
    """Ruff-style selection: ``ALL``, a whole code, or a prefix such as ``S`` or ``S01``."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def select_findings(
    findings: Iterable[Finding], select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()
) -> list[Finding]:
    return [
        f
        for f in findings
        if code_matches(f.code, select) and not (ignore and code_matches(f.code, ignore))
    ]
