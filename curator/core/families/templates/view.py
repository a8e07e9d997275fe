"""One example as TRL trains it, for people: the rendered text, the characters of the
trained tokens, and where ``max_length`` cuts (the app's Template tab)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from curator.core.families.templates import templater_of
from curator.core.families.templates.example import prepared
from curator.core.families.templates.setup import setup_of
from curator.core.model.settings import Settings
from curator.core.model.shapes import Shape, is_chat


@dataclass(frozen=True)
class TemplateView:
    """What the Template tab shows."""

    tokenizer: str  # what tokenized it
    exact: bool
    template: str  # where the template comes from
    text: str = ""
    trained: list[tuple[int, int]] = field(default_factory=list)  # characters [start, end)
    cut: int | None = None  # the first character max_length cuts off
    total: int = 0
    trained_tokens: int = 0
    lost: int = 0
    max_length: int = 0
    problem: str = ""  # why there is no text


def template_view(value: Any, shape: Shape, settings: Settings) -> TemplateView | None:
    """The example rendered with the run's open model, or None when examples are not
    rendered (an OpenAI target, no open model, no template)."""
    setup = setup_of(settings)
    templater = templater_of(settings, shape) if setup is not None else None
    if setup is None or templater is None:
        return None
    empty = TemplateView(setup.label, setup.tokenizer.exact, setup.template_name,
                         max_length=setup.max_length)
    found = prepared(value) if isinstance(value, dict) and is_chat(shape) else None
    if found is None:
        return _with(empty, problem="This example has no list of messages to render.")
    try:
        rendered = templater.rendered(*found)
    except Exception as exc:  # what the template raises
        return _with(empty, problem=f"The chat template cannot render this example: {exc}")
    encoded = rendered.encoded
    assert encoded is not None
    limit = setup.max_length
    cut = encoded.char_spans(limit, limit + 1)[0] if limit and rendered.total > limit else None
    return _with(empty, text=rendered.text, total=rendered.total, lost=rendered.lost,
                 trained=[encoded.char_spans(a, b) for a, b in rendered.turns],
                 cut=cut, trained_tokens=rendered.trained)


def _with(view: TemplateView, **changes: Any) -> TemplateView:
    return replace(view, **changes)
