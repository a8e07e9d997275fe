"""Every finding code: its check, default severity, what it means, an example, its family.

Codes are stable, like ruff's: a letter and three digits. Each family declares its codes in
its own folder (``families/<name>/codes.py``) and registers them here when it is imported.
The README's table is generated from this registry (``curator-cli codes --markdown``) and a
test keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.model.findings import Finding, Ref, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    check: str
    severity: Severity
    title: str
    example: str
    family: str = ""  # the folder of curator/core/families/ that owns it


CodeRow = tuple[str, str, Severity, str, str]  # code, check, severity, title, example
CODES: dict[str, Code] = {}  # filled by each family as it is imported


def register_codes(family: str, table: list[CodeRow]) -> dict[str, Code]:
    """Add a family's codes to the registry (once; a code never changes meaning)."""
    added = {}
    for row in table:
        code = Code(*row, family=family)
        known = CODES.get(code.code)
        if known is not None and known != code:
            raise ValueError(f"finding code {code.code} is already registered by the "
                             f"{known.family} family")
        CODES[code.code] = added[code.code] = code
    return added


def unregister_codes(codes: dict[str, Code]) -> None:
    """Remove codes a family registered (a family registered only for a while: tests)."""
    for code in codes:
        CODES.pop(code, None)


def make(
    code: str,
    line: int,
    message: str,
    path: str = "",
    *,
    related: tuple[int, ...] = (),
    column: int = 1,
    severity: Severity | None = None,
    span: tuple[int, int] | None = None,
    ref: Ref | None = None,
) -> Finding:
    """Build a finding whose family and default severity come from the registry."""
    spec = CODES[code]
    return Finding(
        line=line,
        code=code,
        check=spec.check,
        severity=severity or spec.severity,
        message=message,
        path=path,
        related=related,
        column=column,
        span=span,
        ref=ref,
    )


def markdown_table() -> str:
    """The table of codes as it appears in the README."""
    lines = ["| code | check | severity | meaning | example | family |",
             "| --- | --- | --- | --- | --- | --- |"]
    for spec in CODES.values():
        example = spec.example.replace("|", "\\|")
        lines.append(f"| {spec.code} | {spec.check} | {spec.severity} | {spec.title} | "
                     f"`{example}` | `{spec.family}/` |")
    return "\n".join(lines)
