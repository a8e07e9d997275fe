"""`curator-cli export` and `curator-cli convert`."""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.common import check_readable, drive, fail, guard, reading
from curator.cli.options import setting_options, settings_for
from curator.core.api import (
    FORMATS,
    TARGETS,
    Converted,
    ExportOptions,
    FormatError,
    Source,
    WriteError,
    clear_manifest,
    detect_format,
    export,
    is_device,
    manifest_path,
    output_paths,
    path_text,
    read_jsonl,
    read_table,
    validate_path,
    write_atomic_all,
)

SEED_MAX = 2**63 - 1  # a seed is recorded in the manifest, as a JSON integer


def _split(value: str | None) -> float | None:
    """The validation share, checked before anything is read or written."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        fail(f"--split {value!r}: give a fraction such as 0.1 or a count such as 200")
    if not math.isfinite(number) or number <= 0 or (number >= 1 and not number.is_integer()):
        fail(f"--split {value}: a fraction must be between 0 and 1, a count a whole number")
    return number


@click.command("export")
@click.argument("file")
@click.option("--to", "to", type=click.Choice(TARGETS), required=True, help="Trainer format.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--split", help="Validation share: a fraction (0.1) or a count (200).")
@click.option("--seed", type=click.IntRange(0, SEED_MAX), default=0, show_default=True,
              help="Seed of the split (0 to 2**63 - 1).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: nearest curator.toml or pyproject.toml).")
@setting_options("export")
def export_cmd(file: str, to: str, output: Path, split: str | None, seed: int,
               config_path: Path | None, **values: Any) -> None:
    """Write the rows that pass, in a trainer's format, with a manifest beside them.

    Rows with error-level findings are left out (with --target, rows over its token limit
    too); every left-out line and its reason is in the manifest. With --split,
    `-o data.jsonl` writes data.train.jsonl and data.validation.jsonl. The manifest is
    written last, with every output's sha256: `curator-cli verify` checks the set.
    """
    check_readable((file,))
    options = ExportOptions(to, _split(split), seed)  # every option checked before any work
    if options.split and is_device(output):
        fail(f"{output}: is a device; --split writes OUT.train.jsonl and OUT.validation.jsonl "
             "beside OUT, so give a file name in a folder (or drop --split)")
    path = Path(file)
    with reading(file, hashed=True) as source:
        settings = settings_for(values, config_path, source)
        sides = output_paths(output, bool(options.split))
        guard(None if options.split else output, list(sides.values()) if options.split else [],
              None if is_device(output) else manifest_path(output), source, settings)
        try:
            analysis = drive(validate_path(source.path, settings), f"checking {path.name}")
            manifest = export(source, analysis, output, options)
        except WriteError as exc:  # before OSError: it names the output, not the input
            fail(str(exc))
        except OSError as exc:
            fail(source.named(f"{exc.filename or path}: cannot read ({exc.strerror or exc})"))
    _say_exported(path, to, output, manifest)


def _say_exported(path: Path, to: str, output: Path, manifest: dict[str, Any]) -> None:
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
    check_readable((file,))
    path = Path(file)
    with reading(file, hashed=True) as source:
        guard(output, [], None if is_device(output) else manifest_path(output), source)
        fmt = fmt or _detected(source)
        rows, encoded = _encoded(_read_rows(source, fmt, question, answer, system))
        for row in rows:
            if row.value is None:
                click.echo(f"{path}:{row.line}: skipped: {row.problem}")
        good = _write_converted(source, fmt, output, rows, encoded)
    click.echo(f"{path}: converted {len(good):,} of {len(rows):,} examples from {fmt} to "
               f"OpenAI chat: {output}")
    sys.exit(0)


def _detected(source: Source) -> str:
    fmt, why = detect_format(source.path)
    if fmt is None:
        fail(f"{source.shown}: cannot tell the format ({source.named(why)}); pass --from "
             + "|".join(FORMATS))
    click.echo(f"{source.shown}: reading as {fmt} ({source.named(why)})", err=True)
    return fmt


def _read_rows(source: Source, fmt: str, question: str | None, answer: str | None,
               system: str | None) -> list[Converted]:
    try:
        if fmt in ("csv", "tsv", "xlsx"):
            if not question or not answer:
                fail(f"{source.shown}: a {fmt} table needs --question COLUMN and --answer "
                     "COLUMN")
            return list(read_table(source.path, fmt, question, answer, system))
        return list(read_jsonl(source.path, fmt))
    except FormatError as exc:
        fail(source.named(str(exc)))
    except OSError as exc:
        fail(source.named(f"{source.shown}: cannot read ({exc.strerror or exc})"))


def _encoded(rows: list[Converted]) -> tuple[list[Converted], dict[int, bytes]]:
    """Each converted row as a JSON line; a row that JSON cannot hold (nested more than
    orjson's 255 levels) is skipped with the reason, like any row that cannot be converted."""
    encoded: dict[int, bytes] = {}
    out = []
    for row in rows:
        if row.value is not None:
            try:
                encoded[row.line] = orjson.dumps(row.value) + b"\n"
            except orjson.JSONEncodeError as exc:
                row = Converted(row.line, None, f"cannot be written as JSON ({exc}); no chat "
                                                "example nests that deep: flatten it")
        out.append(row)
    return out, encoded


def _write_converted(source: Source, fmt: str, output: Path, rows: list[Converted],
                     encoded: dict[int, bytes]) -> list[Converted]:
    """Write the converted rows, then the manifest (with both files' sha256) last; nothing is
    committed when the source changed meanwhile. Returns the rows written."""
    good = [r for r in rows if r.value is not None]
    digest = hashlib.sha256()

    def lines() -> Iterator[bytes]:
        for row in good:
            data = encoded[row.line]
            digest.update(data)
            yield data

    def manifest() -> Iterator[bytes]:  # staged after the output: it holds its hash
        yield orjson.dumps({
            "source": path_text(source.shown), "format": fmt, "output": path_text(output),
            "source_lines": [r.line for r in good],
            "skipped": [{"line": r.line, "reason": r.problem} for r in rows if r.value is None],
            "source_sha256": source.sha256, "output_sha256": digest.hexdigest()},
            option=orjson.OPT_INDENT_2)

    group: list[tuple[Path, Iterable[bytes]]] = [(output, lines())]
    if not is_device(output):  # -o /dev/null: no manifest beside it in /dev
        group.append((manifest_path(output), manifest()))

    def commit() -> None:
        source.check()
        if not is_device(output):
            clear_manifest(manifest_path(output))

    try:  # a full disk or a denied folder leaves the output and its manifest as they were
        write_atomic_all(group, commit)
    except WriteError as exc:
        fail(str(exc))
    return good
