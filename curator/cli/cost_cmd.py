"""`curator-cli cost FILE`: what training costs on each model, and whether fine-tuning pays
for itself against the base model with its long prompt."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import orjson
import pandas as pd

from curator.cli import cost_report
from curator.cli.common import (
    check_readable,
    drive,
    fail,
    reading,
    say_no_examples,
    target_named,
    targets_for,
)
from curator.cli.options import settings_for
from curator.core.api import (
    DEFAULT_HORIZON_MONTHS,
    BreakEven,
    CostEstimate,
    Counting,
    MissingPricesError,
    Settings,
    Source,
    Target,
    Workload,
    break_even,
    counted,
    counting_of,
    dollars,
    encoding_of,
    estimate,
    for_target,
    request_tokens,
    validate_path,
)

# break-even option -> (Workload field, where the default comes from)
ASKED = {"prompt_tokens": "the file's median system prompt",
         "user_tokens": "the file's median user tokens per example",
         "output_tokens": "the file's median assistant tokens per example"}
Result = tuple[CostEstimate, BreakEven | str | None, dict[str, str]]


@dataclass
class Counted:
    """Per-example tokens of one model, and how they were counted."""

    frame: pd.DataFrame
    how: Counting


def _frames(path: Path, targets: list[Target], settings: Settings) -> dict[str, Counted]:
    """Per-example tokens of each chosen target, by target name (one pass for the targets
    that count alike: the same encoding, or the same tokenizer and template)."""
    counts: dict[str, Counted] = {}
    by_key: dict[str, Counted] = {}
    for target in targets:
        mine = for_target(settings, target)
        key = encoding_of(mine)
        if key not in by_key:
            run = validate_path(path, mine, only=("tokens",))
            by_key[key] = Counted(drive(run, f"counting {key}").metrics, counting_of(mine))
        counts[target.name] = by_key[key]
    return counts


def _compare(target: Target, est: CostEstimate, frame: pd.DataFrame, asked: dict[str, Any]
             ) -> tuple[BreakEven | str, dict[str, str]]:
    """The break-even for ``target``, tokens per request from the file unless given."""
    medians = request_tokens(frame)
    found = {"prompt_tokens": medians.prompt, "user_tokens": medians.user,
             "output_tokens": medians.output}
    values = {key: asked[key] if asked[key] is not None else found[key] for key in ASKED}
    origins = {key: f"--{key.replace('_', '-')}" if asked[key] is not None else ASKED[key]
               for key in ASKED}
    load = Workload(**values, requests_per_month=asked["requests_per_month"],
                    kept_prompt_tokens=asked["kept_prompt_tokens"] or 0.0,
                    cache_hit_rate=asked["cache_hit_rate"] or 0.0,
                    horizon_months=asked["horizon_months"] or DEFAULT_HORIZON_MONTHS)
    try:
        return break_even(target, est.cost, load), origins
    except MissingPricesError as exc:
        return str(exc), origins


def _counted(source: Source, chosen: list[Target], settings: Settings) -> dict[str, Counted]:
    """Each chosen model's token counts of the file (exit 2 when it cannot be read)."""
    try:
        return _frames(source.path, chosen, settings)
    except OSError as exc:
        fail(source.named(f"{source.shown}: cannot read the file ({exc.strerror or exc})"))


def _estimates(chosen: list[Target], settings: Settings, epochs: int | None,
               asked: dict[str, Any], frames: dict[str, Counted]) -> list[Result]:
    rows: list[Result] = []
    for target in chosen:
        frame = frames[target.name].frame
        est = estimate(frame["total"], target, epochs)
        if asked["requests_per_month"] is None or not est.examples:
            rows.append((est, None, {}))
        else:
            rows.append((est, *_compare(target, est, frame, asked)))
    return rows


class Finite(click.FloatRange):
    """A float in a range, and a number: nan and inf are refused with the option's name
    (click's FloatRange lets nan through, and the break-even cannot use it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


@click.command()
@click.argument("file")
@click.option("--target", "names", multiple=True,
              help="Only these models (repeat the option); default: every known model.")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file that adds or overrides model targets and prices.")
@click.option("--epochs", type=click.IntRange(1, 100),
              help="Epochs to train (default: OpenAI's rule from the number of examples).")
@click.option("--requests-per-month", type=Finite(min=0),
              help="Requests a month: adds the break-even, the base model with its prompt "
                   "against the fine-tuned model without it.")
@click.option("--prompt-tokens", type=Finite(min=0),
              help="Prompt tokens fine-tuning lets you drop per request "
                   "(default: the file's median system prompt).")
@click.option("--kept-prompt-tokens", type=Finite(min=0),
              help="Prompt tokens both models are sent, such as tool definitions (default 0).")
@click.option("--user-tokens", type=Finite(min=0),
              help="User tokens per request (default: the file's median per example).")
@click.option("--output-tokens", type=Finite(min=0),
              help="Output tokens per request (default: the file's median assistant tokens).")
@click.option("--cache-hit-rate", type=Finite(0, 1),
              help="Share of requests whose prompt hits the provider's cache, 0 to 1 "
                   "(default 0).")
@click.option("--horizon-months", type=Finite(min=0, min_open=True),
              help=f"Months over which training must pay off (default "
                   f"{DEFAULT_HORIZON_MONTHS}).")
@click.option("--tokenizer", type=click.Path(dir_okay=False, path_type=Path),
              help="The open model's tokenizer.json (or tiktoken-format tokenizer.model): "
                   "exact counts for the models named with --target that use it.")
@click.option("--chat-template", type=click.Path(dir_okay=False, path_type=Path),
              help="A chat template (.jinja) for the open models named with --target.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def cost(file: str, names: tuple[str, ...], targets_file: Path | None, epochs: int | None,
         tokenizer: Path | None, chat_template: Path | None, fmt: str, **asked: Any) -> None:
    """Estimate training cost per model, and whether fine-tuning pays for itself."""
    path = Path(file)
    check_readable((file,))
    given = [f"--{key.replace('_', '-')}" for key, value in asked.items()
             if value is not None and key != "requests_per_month"]
    if given and asked["requests_per_month"] is None:
        fail(f"{', '.join(given)} shape the break-even; give --requests-per-month too")
    values: dict[str, Any] = {"targets_file": targets_file, "tokenizer": tokenizer,
                              "chat_template": chat_template}
    if (tokenizer or chat_template) and not names:
        fail("--tokenizer and --chat-template are an open model's: name it with --target")
    if names and (tokenizer or chat_template):
        values["target"] = names[0]
    with reading(file) as source:
        settings = settings_for(values, source=source)
        known = targets_for(settings)
        chosen = [t for name in names if (t := target_named(name, known))] or list(
            known.values())
        frames = _counted(source, chosen, settings)
        rows = _estimates(chosen, settings, epochs, asked, frames)
    compared = [be for _, be, _ in rows if be is not None]
    if compared and all(isinstance(be, str) for be in compared):
        fail("; ".join(str(be) for be in compared))
    if fmt == "json":
        _json(rows, frames)
    elif not rows[0][0].examples:
        say_no_examples(path)
    else:
        _text(path, rows, frames, detailed=bool(names))


def _tokens_json(counts: Counted) -> dict[str, Any]:
    how = counts.how
    out: dict[str, Any] = {"tokens_counted_with": how.encoding, "tokens_exact": how.exact}
    if how.template:
        out |= {"chat_template": how.template,
                "trained_tokens": int(counts.frame["trained"].sum())}
    return out


def _json(rows: list[Result], frames: dict[str, Counted]) -> None:
    doc = []
    for est, be, origins in rows:
        item: dict[str, Any] = {
            "target": est.target.name, "examples": est.examples,
            "billed_tokens": est.billed_tokens, "epochs": est.epochs,
            "training_tokens": est.training_tokens,
            **_tokens_json(frames[est.target.name]),
            "cost_usd": {"low": round(est.cost.low, 4), "high": round(est.cost.high, 4)},
            "truncated_examples": est.truncated, "price": est.target.price_note,
            "source": est.target.training.source, "as_of": est.target.training.as_of,
            "training_assumptions": list(est.cost.assumptions)}
        if isinstance(be, BreakEven):
            item["break_even"] = {**cost_report.as_json(be), "token_sources": origins}
        elif be is not None:
            item["break_even"], item["break_even_missing"] = None, be
        doc.append(item)
    sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")


def _tokens_note(target: Target, counts: Counted) -> str:
    """How a model's tokens were counted, when that needs saying."""
    how = counts.how
    if how.exact and not how.template:
        return ""
    note = (f"; tokens counted with {how.encoding}" if how.exact else
            f"; tokens approximated with {how.encoding}"
            + (" (--tokenizer gives the model's own)" if target.tokenizer else ""))
    if how.template:
        note += f", rendered with {how.template}"
    if how.markers:
        note += (f"; {int(counts.frame['trained'].sum()):,} assistant tokens trained per "
                 "epoch (assistant_only_loss)")
    return note


def _training_table(rows: list[Result], frames: dict[str, Counted]) -> None:
    click.echo(f"{'model':<24}{'billed tokens':>15}{'epochs':>8}{'trained tokens':>16}"
               f"{'cost':>16}")
    for est, *_ in rows:
        click.echo(f"{est.target.name:<24}{est.billed_tokens:>15,}{est.epochs:>8}"
                   f"{est.training_tokens:>16,}{dollars(est.cost.low, est.cost.high):>16}")
    sources: dict[tuple[str, str], int] = {}
    click.echo("")
    for est, *_ in rows:
        target = est.target
        cited = sources.setdefault((target.training.source, target.training.as_of),
                                   len(sources) + 1)
        note = _tokens_note(target, frames[target.name])
        click.echo(f"  {target.name}: {target.price_note} [{cited}]{note}")
        if not est.cost.exact:
            click.echo("    " + "; ".join(est.cost.assumptions[1:]))
    click.echo("Sources:")
    for (source, as_of), number in sources.items():
        click.echo(f"  [{number}] {source}, as of {as_of}")


def _text(path: Path, rows: list[Result], frames: dict[str, Counted], detailed: bool) -> None:
    click.echo(f"{path}: {counted(rows[0][0].examples, 'example')}")
    _training_table(rows, frames)
    compared = [(est, be, origins) for est, be, origins in rows if be is not None]
    if not compared:
        return
    load = next(be.workload for _, be, _ in compared if isinstance(be, BreakEven))
    click.echo(f"\nFine-tune or prompt: {load.requests_per_month:,.0f} requests a month, "
               f"over {load.horizon_months:g} months, cache hit share {load.cache_hit_rate:g}")
    click.echo("\n".join(cost_report.summary([(e.target.name, b) for e, b, _ in compared])))
    if not detailed:
        click.echo("\nName models with --target to see both options side by side with the "
                   "assumptions.")
        return
    for _, be, origins in compared:
        if isinstance(be, BreakEven):
            click.echo("")
            click.echo("\n".join(cost_report.details(be, origins, _cached_instead(be))))


def _cached_instead(be: BreakEven) -> BreakEven | None:
    """The same comparison with every request a cache hit, when caching was left out."""
    if be.workload.cache_hit_rate or not be.prompted.cached_tokens:
        return None
    load = be.workload.model_copy(update={"cache_hit_rate": 1.0})
    return break_even(be.target, be.training, load)
