"""What a run renders open-model examples with: the tokenizer, the chat template, the special
tokens the template sees, the end-of-turn token and TRL's ``max_length``.

The chat template is, in order: ``--chat-template``; the ``chat_template`` of the
``tokenizer_config.json`` beside ``--tokenizer``; TRL's training template for the target
model. A template without ``{% generation %}`` that is one TRL knows (the model's original)
is replaced by TRL's training version, as TRL's ``assistant_only_loss`` does; any other one
trains every token (TRL's default, ``assistant_only_loss=False``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from curator.core.families.templates.models import MODELS, OpenModel
from curator.core.families.templates.render import has_markers
from curator.core.families.templates.settings import TemplateSettings, template_source
from curator.core.families.templates.tokenizer_files import (
    for_model,
    from_file,
    tokenizer_config,
)
from curator.core.families.templates.tokenizers import ChatTokenizer
from curator.core.model.resources import resource_path
from curator.core.model.settings import Settings
from curator.core.model.targets import Target

SPECIAL_KEYS = ("bos_token", "eos_token", "unk_token", "pad_token")


@dataclass(frozen=True)
class Setup:
    tokenizer: ChatTokenizer
    template: str | None  # the template's text
    template_name: str  # where it comes from, for people
    markers: bool  # it marks what is trained ({% generation %})
    variables: dict[str, Any] = field(default_factory=dict)
    end_of_turn: str | None = None
    max_length: int = 0
    swapped: str = ""  # the original TRL replaced with its training version

    @property
    def label(self) -> str:
        """What counted, in a few words."""
        return self.tokenizer.name


def open_model(settings: Settings) -> OpenModel | None:
    target = settings.core.target
    return MODELS.get(target.tokenizer) if target and target.tokenizer else None


def uses_files(settings: Settings) -> bool:
    """Whether the run renders with the user's files (a target that is an open model, or
    none at all)."""
    target = settings.core.target
    return target is None or target.tokenizer is not None


@cache
def shipped_template(name: str) -> str:
    return resource_path("chat_templates", name).read_text(encoding="utf-8")


def _trl_training(source: str) -> tuple[str, str]:
    """TRL's training version of a template it knows, with the original's name."""
    for model in MODELS.values():
        for original in model.originals:
            if model.template and source == shipped_template(original):
                return shipped_template(model.template), original
    return source, ""


def _template(own: TemplateSettings, config: dict[str, Any], model: OpenModel | None
              ) -> tuple[str | None, str]:
    if own.chat_template is not None:
        return template_source(own.chat_template), own.chat_template.name
    found = config.get("chat_template")
    if isinstance(found, list):  # named templates: the default one
        found = next((t.get("template") for t in found if isinstance(t, dict)
                      and t.get("name") == "default"), None)
    if isinstance(found, str) and own.tokenizer is not None:
        return found, f"chat_template of {own.tokenizer.with_name('tokenizer_config.json')}"
    if model is not None and model.template:
        return shipped_template(model.template), f"TRL's {model.template}"
    return None, ""


def _variables(config: dict[str, Any], model: OpenModel | None) -> dict[str, Any]:
    out: dict[str, Any] = dict(model.variables) if model else {}
    for key in SPECIAL_KEYS:
        value = config.get(key)
        if isinstance(value, dict):
            value = value.get("content")
        if isinstance(value, str):
            out[key] = value
    return out


def setup_of(settings: Settings) -> Setup | None:
    """The run's setup, or None when no example is rendered (an OpenAI target, or neither an
    open target nor a tokenizer file)."""
    own = settings.of(TemplateSettings)
    model = open_model(settings)
    if not uses_files(settings) or (model is None and own.tokenizer is None):
        return None
    path: Path | None = own.tokenizer
    if path is not None:
        tokenizer = from_file(path, model.name if model else None)
    else:
        assert model is not None  # neither a file nor an open model returned above
        tokenizer = for_model(model.name)
    config = tokenizer_config(path) if path else {}
    source, name = _template(own, config, model)
    swapped = ""
    if source is not None and not has_markers(source):
        source, swapped = _trl_training(source)
    variables = _variables(config, model)
    end = model.end_of_turn if model else variables.get("eos_token")
    return Setup(tokenizer, source, name, source is not None and has_markers(source),
                 variables, end, own.max_length, swapped)


def for_target(settings: Settings, target: Target) -> Settings:
    """The settings that count ``target``: the run's tokenizer and template files belong to
    the run's target, so they also count the other models of its tokenizer (both Llama 3
    targets) and no other model."""
    own = settings.of(TemplateSettings)
    chosen = settings.core.target
    mine = chosen is not None and chosen.tokenizer is not None and (
        chosen.tokenizer == target.tokenizer)
    if mine or (own.tokenizer is None and own.chat_template is None):
        return settings.replace(target=target)
    return settings.replace(target=target, tokenizer=None, chat_template=None)
