"""Pieces the commands share: config loading, code lists, progress on stderr, errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from curator.core.api import Progress, Settings, Target, TargetError, find_target, targets_of

T = TypeVar("T")


def fail(message: str) -> NoReturn:
    """Print ``curator-cli: error: ...`` on stderr and exit 2 (usage or I/O error)."""
    click.echo(f"curator-cli: error: {message}", err=True)
    sys.exit(2)


def check_readable(paths: tuple[str, ...]) -> list[Path]:
    files = []
    for name in paths:
        path = Path(name)
        if not path.exists():
            fail(f"{name}: no such file; check the path")
        if path.is_dir():
            fail(f"{name}: is a folder; give a .jsonl file")
        if not os.access(path, os.R_OK):
            fail(f"{name}: permission denied; make the file readable")
        files.append(path)
    return files


def show_progress() -> bool:
    """A progress bar only for a person at a terminal, never in CI logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def drive(run: Generator[Progress, None, T], label: str) -> T:
    """Run a pipeline generator to its end, drawing a progress bar on stderr if wanted; a
    Dask cluster that cannot run it (``--dask``) is a usage error."""
    try:
        return _drive(run, label)
    except RuntimeError as exc:
        from curator.core.api import ClusterError  # loaded only when something failed

        if isinstance(exc, ClusterError):
            fail(str(exc))
        raise


def _drive(run: Generator[Progress, None, T], label: str) -> T:
    if not show_progress():
        while True:
            try:
                next(run)
            except StopIteration as stop:
                result: T = stop.value
                return result
    bar: Any = click.progressbar(length=1000, label=label, file=sys.stderr)
    with bar:
        shown = 0
        while True:
            try:
                progress = next(run)
            except StopIteration as stop:
                bar.update(1000 - shown)
                final: T = stop.value
                return final
            step = int(progress.fraction * 1000) - shown
            if step > 0:
                bar.update(step)
                shown += step


def targets_for(settings: Settings, targets_file: Path | None = None) -> dict[str, Target]:
    """Built-in targets merged with ``--targets`` or the settings' ``targets_file``."""
    try:
        return targets_of(settings, targets_file)
    except TargetError as exc:
        fail(str(exc))


def target_named(name: str | None, targets: dict[str, Target]) -> Target | None:
    if not name:
        return None
    try:
        return find_target(name, targets)
    except TargetError as exc:
        fail(str(exc))


def check_output(output: Path, source: Path) -> None:
    """The output must not be the input, and its folder must exist."""
    if output.exists() and output.resolve() == source.resolve():
        fail(f"{output}: refusing to overwrite the input file; choose another -o")
    folder = output.parent if str(output.parent) else Path()
    if not folder.is_dir():
        fail(f"{output}: the folder {folder} does not exist; create it first")


def say_no_examples(path: Path) -> None:
    """What stats and cost print for a file with nothing to measure."""
    click.echo(f"{path}: no examples to count: the file is empty or no line holds a JSON "
               f"object; `curator-cli validate {path}` says what is wrong with each line")
