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
    LocationError,
    detect_format,
    is_url,
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

    With --dask, a FILE may be a URL (s3://bucket/data.jsonl, file:///...) that the
    cluster's workers read with fsspec, each its own part.

    Exit status: 0 when no finding is an error, 1 when some are, 2 on usage or I/O errors.
    """
    check_readable([name for name in files if not is_url(name)])
    reports = [_check(name, values, config_path, timings) for name in files]
    started = time.perf_counter()
    sys.stdout.write(RENDERERS[fmt](reports))
    if timings:
        click.echo(f"timing render {fmt}: {time.perf_counter() - started:.3f} s", err=True)
    sys.exit(1 if any(r.has_errors for r in reports) else 0)


def _check(name: str, values: dict[str, Any], config_path: Path | None, timings: bool
           ) -> FileReport:
    """Check one file; its report names it as given, and the config used, if any."""
    if is_url(name):
        return _check_url(name, values, config_path, timings)
    with reading(name) as source:
        settings = settings_for(values, config_path, source)
        try:
            analysis = drive(validate_path(source.path, settings), f"checking {Path(name).name}")
        except OSError as exc:
            fail(source.named(f"{name}: cannot read the file ({exc.strerror or exc})"))
        report = analysis.report
        if report.shape == "unknown":
            _hint_conversion(name, source.path)
    _say_timings(Path(name).name, analysis.wall, timings)
    report.path, report.config = str(Path(name)), settings.config
    return report


def _check_url(url: str, values: dict[str, Any], config_path: Path | None, timings: bool
               ) -> FileReport:
    """Check the file at a URL on a Dask cluster, whose workers read it (the config is
    searched from the current folder)."""
    settings = settings_for(values, config_path)
    if settings.core.dask is None:
        fail(f"{url}: a URL is read only by the workers of a Dask cluster; add --dask (a "
             "cluster on this machine) or --dask=ADDRESS (a scheduler), or copy the file to "
             "this machine and give its path")
    try:
        analysis = drive(validate_path(url, settings), f"checking {url.rsplit('/', 1)[-1]}")
    except LocationError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{url}: cannot read it ({exc.strerror or exc}); check the URL and that this "
             "machine and every worker may read it")
    _say_timings(url.rsplit("/", 1)[-1], analysis.wall, timings)
    report = analysis.report
    report.path, report.config = url, settings.config
    return report


def _say_timings(name: str, wall: dict[str, float], timings: bool) -> None:
    if timings:
        for stage, seconds in wall.items():
            click.echo(f"timing {name} {stage}: {seconds:.3f} s", err=True)


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
