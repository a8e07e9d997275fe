"""`curator-cli validate FILE...`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from curator.cli.common import check_readable, drive, fail, reading
from curator.cli.options import setting_options, settings_for
from curator.core.api import (
    CONVERTIBLE,
    RENDERERS,
    TABLES,
    FileReport,
    detect_format,
    validate_path,
)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: nearest curator.toml or pyproject.toml).")
@click.option("--timings", is_flag=True,
              help="Print the wall time of each stage on stderr (where the time goes).")
@setting_options("validate")
def validate(files: tuple[str, ...], fmt: str, config_path: Path | None, timings: bool,
             **values: Any) -> None:
    """Check JSONL files and report every problem.

    Exit status: 0 when no finding is an error, 1 when some are, 2 on usage or I/O errors.
    """
    check_readable(files)
    reports = [_check(name, values, config_path, timings) for name in files]
    started = time.perf_counter()
    sys.stdout.write(RENDERERS[fmt](reports))
    if timings:
        click.echo(f"timing render {fmt}: {time.perf_counter() - started:.3f} s", err=True)
    sys.exit(1 if any(r.has_errors for r in reports) else 0)


def _check(name: str, values: dict[str, Any], config_path: Path | None, timings: bool
           ) -> FileReport:
    """Check one file; its report names it as given, and the config used, if any."""
    with reading(name) as source:
        settings = settings_for(values, config_path, source)
        try:
            analysis = drive(validate_path(source.path, settings), f"checking {Path(name).name}")
        except OSError as exc:
            fail(source.named(f"{name}: cannot read the file ({exc.strerror or exc})"))
        report = analysis.report
        if report.shape == "unknown":
            _hint_conversion(name, source.path)
    if timings:
        for stage, seconds in analysis.wall.items():
            click.echo(f"timing {Path(name).name} {stage}: {seconds:.3f} s", err=True)
    report.path, report.config = str(Path(name)), settings.config
    return report


def _hint_conversion(name: str, path: Path) -> None:
    """A file of another format reads as errors on every line: say how to convert it."""
    try:
        fmt, why = detect_format(path)
    except OSError:
        return
    if fmt in CONVERTIBLE:
        columns = " --question COL --answer COL" if fmt in TABLES else ""
        click.echo(f"curator-cli: hint: {name} looks like {fmt} ({why}), not chat JSONL; "
                   f"`curator-cli convert {name} -o OUT.jsonl{columns}` makes chat examples "
                   "of it", err=True)
