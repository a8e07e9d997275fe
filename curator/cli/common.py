"""Pieces the commands share: the input as read, config loading, code lists, progress on
stderr, errors, and what ends a command early (usage error, Ctrl-C, internal error)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from curator.core.api import (
    InputError,
    OutputError,
    Progress,
    Settings,
    Source,
    Target,
    TargetError,
    describe,
    find_target,
    guard_outputs,
    input_kind,
    open_input,
    stop_workers,
    targets_of,
    write_crash_report,
)

T = TypeVar("T")

EXIT_INTERRUPTED = 130  # as a shell reports a program ended by Ctrl-C (128 + SIGINT)
EXIT_INTERNAL = 3  # a bug in Curator: a crash report is in the cache folder


def fail(message: str) -> NoReturn:
    """Print ``curator-cli: error: ...`` on stderr and exit 2 (usage or I/O error)."""
    click.echo(f"curator-cli: error: {message}", err=True)
    sys.exit(2)


def interrupted() -> NoReturn:
    """Ctrl-C: stop the workers at once and exit 130 (the inputs' copies are gone already:
    each command's ``with reading(...)`` has unwound)."""
    stop_workers()
    click.echo("curator-cli: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def crashed(error: BaseException) -> NoReturn:
    """An internal error: a short message naming it, a crash report in the cache folder,
    exit 3."""
    stop_workers()
    report = write_crash_report(error)
    where = (f"the crash report {report} has the details" if report is not None else
             "no crash report could be written (the cache folder is not writable)")
    click.echo(f"curator-cli: internal error: {describe(error)}; this is a bug in Curator: "
               f"please report it; {where}", err=True)
    sys.exit(EXIT_INTERNAL)


def check_readable(paths: Sequence[str]) -> None:
    """Fail before any work when an input is missing, a folder or a device (nothing read)."""
    for name in paths:
        try:
            input_kind(name)
        except InputError as exc:
            fail(str(exc))


@contextlib.contextmanager
def reading(name: str, hashed: bool = False) -> Iterator[Source]:
    """The input ``name``, ready to be read as often as needed, for every command: a pipe or
    FIFO is copied once into the cache folder and the copy deleted afterwards (also on error
    and Ctrl-C); a device is refused. ``hashed``: a file's sha256 is taken first (commands
    that write, to tell when it changes). Its InputError (the input changed meanwhile, too)
    exits 2."""
    try:
        with open_input(name, hashed) as source:
            yield source
    except InputError as exc:
        fail(str(exc))


def guard(named: Path | None, derived: Sequence[Path], manifest: Path | None,
          source: Source, settings: Settings | None = None) -> None:
    """Exit 2, before anything is written, when an output would replace the input, a file the
    run reads, or a file that is not an earlier output."""
    reads = [("input file", Path(source.shown))]
    if not source.spooled:  # `-` redirected from a file: that file
        reads.append(("input file", source.path))
    if settings is not None:
        if settings.config:
            reads.append(("config file", Path(settings.config)))
        if settings.core.targets_file:
            reads.append(("targets file", Path(settings.core.targets_file)))
        values = settings.values()
        for key, what in (("tokenizer", "tokenizer file"), ("chat_template", "chat template")):
            if values.get(key):
                reads.append((what, Path(values[key])))
        reads += [("evaluation file", Path(name)) for name in values.get("against", ())]
    try:
        guard_outputs(named, derived, manifest, reads)
    except OutputError as exc:
        fail(str(exc))


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


def say_no_examples(path: Path) -> None:
    """What stats and cost print for a file with nothing to measure."""
    click.echo(f"{path}: no examples to count: the file is empty or no line holds a JSON "
               f"object; `curator-cli validate {path}` says what is wrong with each line")
