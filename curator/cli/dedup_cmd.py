"""`curator-cli dedup FILE -o OUT`: keep one member of every duplicate cluster."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.common import check_readable, drive, fail, guard, reading
from curator.cli.options import setting_options, settings_for
from curator.core.api import (
    Analysis,
    Cluster,
    Drop,
    DuplicateSettings,
    DuplicateState,
    Source,
    WriteError,
    hashed_lines,
    path_text,
    plan_drops,
    same_line,
    validate_path,
    write_atomic_all,
)


@click.command()
@click.argument("file")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the kept lines (never the input file).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@setting_options("dedup")
def dedup(file: str, output: Path, fmt: str, **values: Any) -> None:
    """Write FILE without its duplicates: one member of every cluster is kept.

    Kept lines are copied byte for byte; lines that are not valid JSON are kept too.
    """
    path = Path(file)
    check_readable((file,))
    with reading(file, hashed=True) as source:
        settings = settings_for(values, source=source)
        guard(output, [], None, source, settings)
        chosen = settings.of(DuplicateSettings)
        try:
            analysis = drive(validate_path(source.path, settings, only=("duplicates",)),
                             f"finding duplicates in {path.name}")
            clusters, drops = _plan(analysis, chosen.keep)
            _write_kept(source, output, {d.line for d in drops})
        except WriteError as exc:  # before OSError: it names the output, not the input
            fail(str(exc))
        except OSError as exc:
            fail(source.named(f"{exc.filename or path}: cannot read ({exc.strerror or exc})"))
    if fmt == "json":
        doc = {"input": path_text(path), "output": path_text(output),
               "threshold": chosen.near_duplicate_threshold, "keep": chosen.keep,
               "clusters": len(clusters), "dropped": [
                   {"line": d.line, "kept": d.kept, "cluster": d.cluster,
                    "similarity": round(d.similarity, 4)} for d in drops]}
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for d in drops:
        click.echo(f"{path}:{d.line}: dropped, cluster {d.cluster}, kept line {d.kept} "
                   f"(similarity {d.similarity:.2f})")
    click.echo(f"{path}: {len(clusters)} clusters, dropped {len(drops)} of "
               f"{analysis.report.examples} examples; wrote {output}")


def _plan(analysis: Analysis, keep: str) -> tuple[list[Cluster], list[Drop]]:
    state = analysis.conclusions["duplicates"]
    assert isinstance(state, DuplicateState)
    clusters = [group.cluster for group in state.clusters(same_line)]
    return clusters, plan_drops(clusters, analysis.columns, state.index, keep)


def _write_kept(source: Source, output: Path, dropped: set[int]) -> None:
    """Copy the kept lines byte for byte; nothing is committed when the file changed while it
    was read (its stamp, or the sha256 of this pass against the first)."""
    digest = hashlib.sha256()

    def kept_bytes() -> Iterator[bytes]:
        for line in hashed_lines(source.path, digest):
            if line.number not in dropped:
                yield line.data + (line.eol or b"\n")

    write_atomic_all([(output, kept_bytes())], lambda: source.check(digest.hexdigest()))
