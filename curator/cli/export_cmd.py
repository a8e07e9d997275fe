"""`curator-cli export` and `curator-cli convert`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.common import check_output, check_readable, drive, fail
from curator.cli.options import setting_options, settings_for
from curator.core.api import (
    FORMATS,
    TARGETS,
    Converted,
    ExportOptions,
    FormatError,
    WriteError,
    detect_format,
    export,
    is_device,
    manifest_path,
    path_text,
    read_jsonl,
    read_table,
    validate_path,
    write_atomic_all,
)


def _split(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        fail(f"--split {value!r}: give a fraction such as 0.1 or a count such as 200")
    if number <= 0 or (number >= 1 and not number.is_integer()):
        fail(f"--split {value}: a fraction must be between 0 and 1, a count a whole number")
    return number


@click.command("export")
@click.argument("file")
@click.option("--to", "to", type=click.Choice(TARGETS), required=True, help="Trainer format.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--split", help="Validation share: a fraction (0.1) or a count (200).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: nearest curator.toml or pyproject.toml).")
@setting_options("export")
def export_cmd(file: str, to: str, output: Path, split: str | None, seed: int,
               config_path: Path | None, **values: Any) -> None:
    """Write the rows that pass, in a trainer's format, with a manifest beside them.

    Rows with error-level findings are left out (with --target, rows over its token limit
    too); every left-out line and its reason is in the manifest. With --split,
    `-o data.jsonl` writes data.train.jsonl and data.validation.jsonl.
    """
    (path,) = check_readable((file,))
    check_output(output, path)
    settings = settings_for(values, config_path, path)
    options = ExportOptions(to, _split(split), seed)
    if options.split and is_device(output):
        fail(f"{output}: is a device; --split writes OUT.train.jsonl and OUT.validation.jsonl "
             "beside OUT, so give a file name in a folder (or drop --split)")
    try:
        analysis = drive(validate_path(path, settings), f"checking {path.name}")
        manifest = export(path, analysis, output, options)
    except WriteError as exc:  # before OSError: it names the output, not the input
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or path}: cannot read ({exc.strerror or exc})")
    counts = manifest["counts"]
    written = ", ".join(f"{n:,} {side}" for side, n in counts["written"].items())
    click.echo(f"{path}: wrote {written} example(s) as {to}; excluded {counts['excluded']:,}")
    for reason, n in sorted(counts["excluded_by_reason"].items()):
        click.echo(f"  excluded {n:,}: {reason}")
    for key, n in counts["dropped_keys"].items():
        click.echo(f"  dropped key `{key}` {n:,} time(s) (not part of {to})")
    for family, notes in manifest.get("notes", {}).items():
        if notes.get("summary"):
            click.echo(f"  {family}: {notes['summary']}")
    if is_device(output):
        click.echo(f"manifest: none ({output} is a device)")
    else:
        click.echo(f"manifest: {manifest_path(output)}")


@click.command()
@click.argument("file")
@click.option("--from", "fmt", type=click.Choice(FORMATS), help="Source format (default: detect).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--question", help="Table column with the user's question (csv/tsv/xlsx).")
@click.option("--answer", help="Table column with the answer (csv/tsv/xlsx).")
@click.option("--system", help="Optional table column with a system prompt.")
def convert(file: str, fmt: str | None, output: Path, question: str | None, answer: str | None,
            system: str | None) -> None:
    """Convert ShareGPT, Alpaca, prompt/completion or a table into OpenAI chat JSONL.

    Lines that cannot be converted are reported with their source line and left out. A
    manifest beside the output maps each output line to its source line.
    """
    (path,) = check_readable((file,))
    check_output(output, path)
    if fmt is None:
        fmt, why = detect_format(path)
        if fmt is None:
            fail(f"{path}: cannot tell the format ({why}); pass --from "
                 + "|".join(FORMATS))
        click.echo(f"{path}: reading as {fmt} ({why})", err=True)
    try:
        if fmt in ("csv", "tsv", "xlsx"):
            if not question or not answer:
                fail(f"{path}: a {fmt} table needs --question COLUMN and --answer COLUMN")
            rows = list(read_table(path, fmt, question, answer, system))
        else:
            rows = list(read_jsonl(path, fmt))
    except FormatError as exc:
        fail(str(exc))
    for row in rows:
        if row.value is None:
            click.echo(f"{path}:{row.line}: skipped: {row.problem}")
    good = _write_converted(path, fmt, output, rows)
    click.echo(f"{path}: converted {len(good):,} of {len(rows):,} examples from {fmt} to "
               f"OpenAI chat: {output}")
    sys.exit(0)


def _write_converted(path: Path, fmt: str, output: Path, rows: list[Converted]) -> list[Converted]:
    """Write the converted rows and the manifest, both or neither; returns the rows written."""
    good = [r for r in rows if r.value is not None]
    manifest = {"source": path_text(path), "format": fmt, "output": path_text(output),
                "source_lines": [r.line for r in good],
                "skipped": [{"line": r.line, "reason": r.problem} for r in rows if r.value is None]}
    group: list[tuple[Path, Iterable[bytes]]] = [
        (output, (orjson.dumps(r.value) + b"\n" for r in good))]
    if not is_device(output):  # -o /dev/null: no manifest beside it in /dev
        group.append((manifest_path(output),
                      [orjson.dumps(manifest, option=orjson.OPT_INDENT_2)]))
    try:  # a full disk or a denied folder leaves the output and its manifest as they were
        write_atomic_all(group)
    except WriteError as exc:
        fail(str(exc))
    return good
