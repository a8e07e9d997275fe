"""`curator-cli stats FILE`: token and message distributions, and a histogram."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.common import drive, fail, reading, say_no_examples
from curator.cli.options import setting_options, settings_for
from curator.core.api import (
    Counting,
    Histogram,
    counted,
    counting_of,
    histogram,
    path_text,
    summarize,
    validate_path,
)

BAR_WIDTH = 40


def render_histogram(hist: Histogram, unit: str = "tokens") -> str:
    peak = max(hist.counts) or 1
    rows = []
    for i, count in enumerate(hist.counts):
        low, high = hist.edges[i], hist.edges[i + 1]
        bar = "█" * round(count / peak * BAR_WIDTH)
        rows.append(f"{low:>9,.0f} – {high:>9,.0f} {unit} │{bar:<{BAR_WIDTH}}│ {count:,}")
    return "\n".join(rows)


@click.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--bins", type=click.IntRange(2, 200), default=20, show_default=True)
@setting_options("stats")
def stats(file: str, fmt: str, bins: int, **values: Any) -> None:
    """Token counts per example and per role, messages per example, and a histogram.

    --target counts with that model's encoding (default o200k_base)."""
    path = Path(file)
    with reading(file) as source:
        settings = settings_for(values, source=source)
        try:
            analysis = drive(validate_path(source.path, settings, only=("tokens",)),
                             f"counting {path.name}")
        except OSError as exc:
            fail(source.named(f"{path}: cannot read the file ({exc.strerror or exc})"))
    frame = analysis.metrics
    summary = summarize(frame)
    hist = histogram(frame["total"], bins)
    how = counting_of(settings)
    if fmt == "json":
        doc = {"path": path_text(path), "examples": len(frame), "encoding": how.encoding,
               "exact": how.exact, **_template_json(how, frame),
               "distributions": {k: v.to_dict() for k, v in summary.items()},
               "histogram": {"edges": hist.edges, "counts": hist.counts}}
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    if not len(frame):
        say_no_examples(path)
        return
    click.echo(f"{path}: {counted(len(frame), 'example')}, tokens counted with "
               f"{how.encoding}" + ("" if how.exact else " (approximate: --tokenizer gives "
                                    "the model's own)"))
    for line in _template_lines(how, frame):
        click.echo(line)
    click.echo("")
    header = f"{'':<10}{'count':>9}{'min':>9}{'p5':>9}{'median':>9}{'mean':>9}{'p95':>9}{'max':>9}"
    click.echo(header)
    for name, d in summary.items():
        click.echo(f"{name:<10}{d.count:>9,}{d.min:>9,.0f}{d.p5:>9,.0f}{d.median:>9,.0f}"
                   f"{d.mean:>9,.0f}{d.p95:>9,.0f}{d.max:>9,.0f}")
    click.echo("")
    click.echo("tokens per example:")
    click.echo(render_histogram(hist))


def _template_json(how: Counting, frame: Any) -> dict[str, Any]:
    if not how.template:
        return {}
    return {"chat_template": how.template, "max_length": how.max_length,
            "trained_tokens": int(frame["trained"].sum()),
            "trained_tokens_cut": int(frame["template_lost"].sum()),
            "examples_cut": int((frame["template_lost"] > 0).sum())}


def _template_lines(how: Counting, frame: Any) -> list[str]:
    """How an open model's examples were rendered, and what TRL trains of them."""
    if not how.template:
        return []
    trained = int(frame["trained"].sum())
    total = int(frame["total"].sum())
    share = f" ({trained / total:.0%})" if total else ""
    what = ("the assistant tokens TRL trains (assistant_only_loss)" if how.markers else
            "every token (the template marks nothing)")
    lines = [f"rendered with {how.template}; trained = {what}: {trained:,} of {total:,} "
             f"tokens{share}"]
    cut = int((frame["template_lost"] > 0).sum())
    if how.max_length and cut:
        lines.append(f"max_length {how.max_length:,} cuts {int(frame['template_lost'].sum()):,}"
                     f" trained tokens in {counted(cut, 'example')}")
    return lines
