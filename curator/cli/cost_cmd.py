"""`curator-cli cost FILE`: what training costs on each model, and when it pays for itself."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson
import pandas as pd

from curator.cli.common import check_readable, drive, say_no_examples, target_named, targets_for
from curator.cli.options import settings_for
from curator.core.api import (
    CostEstimate,
    Settings,
    Target,
    break_even,
    counted,
    estimate,
    validate_path,
)


def _frames(path: Path, targets: list[Target], settings: Settings
            ) -> dict[str, pd.DataFrame]:
    """Per-example tokens in each encoding the chosen targets use (one pass per encoding)."""
    frames: dict[str, pd.DataFrame] = {}
    for target in targets:
        if target.encoding not in frames:
            run = validate_path(path, settings.replace(target=target), only=("tokens",))
            frames[target.encoding] = drive(run, f"counting {target.encoding}").metrics
    return frames


@click.command()
@click.argument("file")
@click.option("--target", "names", multiple=True,
              help="Only these models (repeat the option); default: every known model.")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file that adds or overrides model targets.")
@click.option("--epochs", type=click.IntRange(1, 100),
              help="Epochs to train (default: OpenAI's rule from the number of examples).")
@click.option("--requests-per-month", type=click.FloatRange(min=0),
              help="Requests you will send the model: adds the break-even estimate.")
@click.option("--prompt-tokens", type=click.FloatRange(min=0),
              help="Prompt tokens fine-tuning lets you drop per request "
                   "(default: the median system prompt of the file).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def cost(file: str, names: tuple[str, ...], targets_file: Path | None, epochs: int | None,
         requests_per_month: float | None, prompt_tokens: float | None, fmt: str) -> None:
    """Estimate training cost per model, and the months until fine-tuning pays off."""
    (path,) = check_readable((file,))
    settings = settings_for({"targets_file": targets_file}, data=path)
    known = targets_for(settings)
    chosen = [t for name in names if (t := target_named(name, known))] or list(known.values())
    try:
        frames = _frames(path, chosen, settings)
    except OSError as exc:
        click.echo(f"curator-cli: error: {path}: cannot read the file ({exc.strerror})", err=True)
        sys.exit(2)
    rows: list[tuple[CostEstimate, float | None, float | None, float]] = []
    for target in chosen:
        frame = frames[target.encoding]
        est = estimate(frame["total"], target, epochs)
        system = frame["system"][frame["system"] > 0]
        prompt = prompt_tokens if prompt_tokens is not None else (
            float(system.median()) if len(system) else 0.0)
        saving = months = None
        if requests_per_month is not None:
            be = break_even(est.cost, prompt, requests_per_month, target.input_per_1m)
            saving, months = be.monthly_saving, be.months_to_repay
        rows.append((est, saving, months, prompt))
    if fmt == "json":
        doc = [{"target": e.target.name, "examples": e.examples, "billed_tokens": e.billed_tokens,
                "epochs": e.epochs, "training_tokens": e.training_tokens,
                "cost_usd": round(e.cost, 4), "truncated_examples": e.truncated,
                "price": e.target.price_note, "source": e.target.source,
                "as_of": e.target.as_of, "prompt_tokens": p,
                "monthly_saving_usd": s, "months_to_repay": m if m != float("inf") else None}
               for e, s, m, p in rows]
        sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    if not rows[0][0].examples:
        say_no_examples(path)
        return
    click.echo(f"{path}: {counted(rows[0][0].examples, 'example')}")
    click.echo(f"{'model':<24}{'billed tokens':>15}{'epochs':>8}{'trained tokens':>16}"
               f"{'cost':>11}" + ("   saves/month  repaid in" if requests_per_month else ""))
    for est, saving, months, _ in rows:
        line = (f"{est.target.name:<24}{est.billed_tokens:>15,}{est.epochs:>8}"
                f"{est.training_tokens:>16,}{'$' + format(est.cost, ',.2f'):>11}")
        if saving is not None and months is not None:
            repaid = "never" if months == float("inf") else f"{months:,.1f} months"
            line += f"  {'$' + format(saving, ',.2f'):>12}  {repaid}"
        click.echo(line)
    click.echo("")
    for est, *_ in rows:
        note = "" if est.target.exact_tokens else "; tokens approximated with " + \
            est.target.encoding
        click.echo(f"  {est.target.name}: {est.target.price_note} — {est.target.source}, "
                   f"as of {est.target.as_of}{note}")
    if requests_per_month is not None:
        click.echo("")
        click.echo(f"Break-even: dropping {rows[0][3]:,.0f} prompt tokens from "
                   f"{requests_per_month:,.0f} requests a month, at each model's input price.")
