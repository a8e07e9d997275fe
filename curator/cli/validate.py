"""`curator-cli validate FILE...`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curator.cli.common import (
    check_readable,
    config_for,
    drive,
    fail,
    split_codes,
    target_named,
    targets_for,
)
from curator.core.engine.pipeline import SCOPES, Options, validate_path
from curator.core.families.duplicates.minhash import DEFAULT_THRESHOLD
from curator.core.families.language.detect import ENGINES
from curator.core.model.findings import FileReport
from curator.core.model.render import RENDERERS
from curator.core.model.schema import Shape

SHAPES = [s.value for s in Shape if s is not Shape.UNKNOWN]


def split_languages(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in (value or "").split(",") if v.strip())


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Only these codes or prefixes (e.g. S,J002).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes (e.g. C001).")
@click.option("--shape", type=click.Choice(SHAPES), help="Force a shape instead of detecting it.")
@click.option("--target", help="Model to check token limits against (see `curator-cli cost`).")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file that adds or overrides model targets.")
@click.option("--lang", help="Expected languages, e.g. en,de (default: the file's majority).")
@click.option("--language-engine", type=click.Choice(ENGINES),
              help="fasttext (default: more accurate, fast) or langdetect.")
@click.option("--threshold", "near_threshold", type=click.FloatRange(0.1, 1.0),
              help=f"Near-duplicate similarity threshold (default {DEFAULT_THRESHOLD}).")
@click.option("--scope", type=click.Choice(sorted(SCOPES)),
              help="Near duplicates over user and assistant text (all), prompts or answers.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes to use (default: all cores for large files).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: nearest curator.toml or pyproject.toml).")
def validate(
    files: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
    shape: str | None, target: str | None, targets_file: Path | None, lang: str | None,
    language_engine: str | None, near_threshold: float | None, scope: str | None,
    workers: int | None, config_path: Path | None,
) -> None:
    """Check JSONL files and report every problem.

    Exit status: 0 when no finding is an error, 1 when some are, 2 on usage or I/O errors.
    """
    config = config_for(config_path)
    targets = targets_for(config, targets_file)
    options = Options(
        target=target_named(target or config.get("target"), targets),
        workers=workers,
        languages=split_languages(lang) or tuple(config.get("lang", ())),
        language_engine=language_engine or config.get("language_engine", "fasttext"),
        near_threshold=near_threshold or config.get("near_duplicate_threshold",
                                                    DEFAULT_THRESHOLD),
        near_scope=scope or "all",
        shape=Shape(shape or config.get("shape")) if (shape or config.get("shape")) else None,
        select=split_codes(select) or split_codes(config.get("select")) or ("ALL",),
        # a --select on the command line replaces the config's whole selection, as in ruff
        ignore=split_codes(ignore) or (() if select else split_codes(config.get("ignore"))),
    )
    reports: list[FileReport] = []
    for path in check_readable(files):
        try:
            analysis = drive(validate_path(path, options), f"checking {path.name}")
            reports.append(analysis.report)
        except OSError as exc:
            fail(f"{path}: cannot read the file ({exc.strerror or exc})")
    sys.stdout.write(RENDERERS[fmt](reports))
    sys.exit(1 if any(r.has_errors for r in reports) else 0)
