"""`curator-cli dedup FILE -o OUT`: keep one member of every duplicate cluster."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from curator.cli.common import check_output, check_readable, drive, fail
from curator.core.engine.pipeline import SCOPES, Options, validate_path
from curator.core.families.duplicates.minhash import DEFAULT_THRESHOLD
from curator.core.families.duplicates.plan import KEEP_RULES, plan_drops
from curator.core.model.jsonl import WriteError, iter_lines, write_atomic
from curator.core.model.paths import path_text


@click.command()
@click.argument("file")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the kept lines (never the input file).")
@click.option("--threshold", type=click.FloatRange(0.1, 1.0), default=DEFAULT_THRESHOLD,
              show_default=True, help="Estimated Jaccard similarity that makes a near-duplicate.")
@click.option("--keep", type=click.Choice(KEEP_RULES), default="first", show_default=True,
              help="Which member of a cluster to keep.")
@click.option("--scope", type=click.Choice(sorted(SCOPES)), default="all", show_default=True,
              help="Compare user and assistant text, only prompts, or only answers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def dedup(file: str, output: Path, threshold: float, keep: str, scope: str, fmt: str) -> None:
    """Write FILE without its duplicates: one member of every cluster is kept.

    Kept lines are copied byte for byte; lines that are not valid JSON are kept too.
    """
    (path,) = check_readable((file,))
    check_output(output, path)
    options = Options(stages=frozenset({"tokens", "duplicates"}), near_threshold=threshold,
                      near_scope=scope)
    try:
        analysis = drive(validate_path(path, options), f"finding duplicates in {path.name}")
        drops = plan_drops(analysis.clusters, analysis.metrics, analysis.near_index, keep)
        dropped = {d.line for d in drops}

        def kept_bytes() -> object:
            for line in iter_lines(path):
                if line.number not in dropped:
                    yield line.data + (line.eol or b"\n")

        write_atomic(output, kept_bytes())  # type: ignore[arg-type]
    except WriteError as exc:  # before OSError: it names the output, not the input
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or path}: cannot read ({exc.strerror or exc})")
    if fmt == "json":
        doc = {"input": path_text(path), "output": path_text(output), "threshold": threshold,
               "keep": keep,
               "clusters": len(analysis.clusters), "dropped": [
                   {"line": d.line, "kept": d.kept, "cluster": d.cluster,
                    "similarity": round(d.similarity, 4)} for d in drops]}
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for d in drops:
        click.echo(f"{path}:{d.line}: dropped, cluster {d.cluster}, kept line {d.kept} "
                   f"(similarity {d.similarity:.2f})")
    click.echo(f"{path}: {len(analysis.clusters)} clusters, dropped {len(drops)} of "
               f"{analysis.report.examples} examples; wrote {output}")



