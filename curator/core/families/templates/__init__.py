"""The templates family: an open model's examples as TRL trains them. Each chat example is
rendered with the model's chat template (TRL's training template, or yours), tokenized with
the model's tokenizer, and its trained tokens (the assistant mask) counted; findings say what
the template drops (M001-M003), what is not trained (M004, M005), what ``max_length`` cuts
(M006, M007) and what cannot be rendered (M008). The tokens family counts with the same
tokenizer and takes its totals from here. See docs/open-models.md."""

from __future__ import annotations

from typing import Any

from curator.core.families.protocol import (
    Column,
    Conclusion,
    Family,
    FileFacts,
    RowCheck,
    RowContext,
    Run,
)
from curator.core.families.templates.codes import CODES
from curator.core.families.templates.example import Rendered, Templater, prepared
from curator.core.families.templates.findings import cannot_render, drops, trained
from curator.core.families.templates.settings import TemplateSettings
from curator.core.families.templates.setup import Setup, setup_of
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.settings import Settings
from curator.core.model.shapes import Shape, is_chat

COLUMNS = (Column("template_tokens"), Column("template_trained"), Column("template_lost"))
NOTHING = (0, 0, 0)


def templater_of(settings: Settings, shape: Shape) -> Templater | None:
    """What renders this run's examples, if they are rendered at all."""
    setup = setup_of(settings)
    if setup is None or setup.template is None or not is_chat(shape):
        return None
    return Templater(setup)


class TemplateCheck(RowCheck):
    def __init__(self, run: Run) -> None:
        super().__init__(COLUMNS)
        self.templater = templater_of(run.settings, run.shape)
        if self.templater is not None:
            self.templater.tokenizer.forget()  # each chunk starts afresh (as the counter does)

    def row(self, ctx: RowContext) -> None:
        templater = self.templater
        found = prepared(ctx.value) if templater is not None else None
        if templater is None or found is None:
            self.add(*NOTHING)
            return
        messages, tools = found
        try:
            rendered = templater.count(messages, tools)
        except Exception as exc:  # whatever the template (code from elsewhere) raises
            ctx.findings.append(cannot_render(templater, ctx.line, exc, messages))
            self.add(*NOTHING)
            return
        known = rendered.drops
        if known is None or known.messages or known.calls or known.tools:
            ctx.findings.extend(drops(templater, ctx.line, rendered, messages, tools))
        learned = rendered.trained
        if rendered.lost or rendered.open_ends or not learned:
            ctx.findings.extend(trained(templater, ctx.line, rendered, messages))
        self.add(rendered.total, learned, rendered.lost)
        ctx.outputs["templates"] = (rendered.total, learned)


class TemplateConclusion(Conclusion):
    """What the run rendered with, and what that says about the whole file."""

    def __init__(self, setup: Setup | None) -> None:
        self.setup = setup

    def file_findings(self) -> list[Finding]:
        setup = self.setup
        if setup is None:
            return []
        out = []
        if setup.template is not None and not setup.markers:
            out.append(make("M009", 0, (
                f"the chat template ({setup.template_name}) has no {{% generation %}} "
                "markers, so every token counts as trained (TRL's default, "
                "assistant_only_loss=False; with True TRL refuses the template); mark the "
                "assistant's part to train only on it")))
        if not setup.tokenizer.exact:
            out.append(make("M010", 0, (
                f"token counts are approximate ({setup.tokenizer.name}): the model's own "
                "tokenizer does not ship; pass its tokenizer.json with --tokenizer (config "
                "`tokenizer`) for exact counts")))
        return out


class Templates(Family):
    name = "templates"
    codes = CODES
    columns = COLUMNS
    settings = TemplateSettings
    doc = "docs/open-models.md"

    def enabled(self, settings: Settings) -> bool:
        return setup_of(settings) is not None

    def start(self, run: Run) -> RowCheck:
        return TemplateCheck(run)

    def conclude(self, facts: FileFacts) -> Conclusion:
        return TemplateConclusion(setup_of(facts.settings))


def rendered_counts(outputs: dict[str, Any]) -> tuple[int, int] | None:
    """What this family published about a row: its total and trained tokens, if rendered."""
    found: tuple[int, int] | None = outputs.get("templates")
    return found


FAMILY = Templates()

__all__ = ["FAMILY", "Rendered", "Setup", "Templater", "rendered_counts", "setup_of"]
