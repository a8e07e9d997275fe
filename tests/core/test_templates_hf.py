"""The ids and assistant masks Curator computes equal transformers' ``apply_chat_template(...,
return_assistant_tokens_mask=True)``, offline, for every tokenizer and template Curator ships
(and a Llama 3-style tokenizer.json given with --tokenizer), on the bundled samples, generated
support chats, and chats in 25 languages with tools.

transformers is a dev dependency (no torch, no hub); the reference tokenizers are built from
the shipped rank files (tests/core/open_models.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from curator.core.engine.settings import default_settings
from curator.core.families.templates import templater_of
from curator.core.families.templates.example import Rendered, Templater, prepared
from curator.core.model.shapes import Shape
from tests.core.open_models import (
    multilingual_chats,
    reference_tokenizer,
    sample_chats,
    synthetic_chats,
)

pytest.importorskip("transformers")
pytestmark = pytest.mark.slow

CHATS = {"samples": sample_chats(), "generated": synthetic_chats(),
         "multilingual with tools": multilingual_chats()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reference")


@pytest.fixture(scope="module")
def references(folder: Path) -> dict[str, Any]:
    out = {}
    for model in ("qwen2.5", "llama3"):
        out[model] = reference_tokenizer(model, folder)
        (folder / model).mkdir()
        out[model].backend_tokenizer.save(str(folder / model / "tokenizer.json"))
    return out


def _templater(target: str, tokenizer: Path | None = None) -> Templater:
    settings = default_settings(target=target, **({"tokenizer": tokenizer} if tokenizer else {}))
    templater = templater_of(settings, Shape.OPENAI_CHAT)
    assert templater is not None and templater.setup.template is not None
    return templater


def _mask(rendered: Rendered) -> list[int]:
    mask = [0] * rendered.total
    for first, stop in rendered.turns:
        mask[first:stop] = [1] * (stop - first)
    return mask


def _compare(templater: Templater, reference: Any, chats: list[dict[str, Any]]) -> int:
    """Every chat equal to transformers (or refused by both); the trained tokens seen."""
    reference.chat_template = templater.setup.template
    trained = 0
    for value in chats:
        found = prepared(value)
        assert found is not None
        messages, tools = found
        try:
            expected = reference.apply_chat_template(
                messages, tools=tools, tokenize=True, return_dict=True,
                return_assistant_tokens_mask=True)
        except Exception as exc:
            with pytest.raises(type(exc)):
                templater.rendered(messages, tools)
            with pytest.raises(type(exc)):
                templater.count(messages, tools)
            continue
        ours = templater.rendered(messages, tools)
        assert ours.encoded is not None
        assert ours.encoded.ids == expected["input_ids"], ours.text
        assert _mask(ours) == expected["assistant_masks"], ours.text
        fast = templater.count(messages, tools)
        assert (fast.total, fast.turns, fast.open_ends) == (ours.total, ours.turns,
                                                            ours.open_ends), ours.text
        trained += sum(expected["assistant_masks"])
    return trained


@pytest.mark.parametrize("chats", CHATS.values(), ids=CHATS.keys())
def test_the_shipped_qwen25_tokenizer_and_template_equal_transformers(
        references: dict[str, Any], chats: list[dict[str, Any]]) -> None:
    templater = _templater("qwen2.5-7b-qlora")
    assert templater.tokenizer.exact and templater.setup.template_name.endswith(
        "qwen2_5_training.jinja")
    assert _compare(templater, references["qwen2.5"], chats) > 0


@pytest.mark.parametrize("model, target", [("qwen2.5", "qwen2.5-7b-qlora"),
                                           ("llama3", "llama-3-8b-lora")])
@pytest.mark.parametrize("chats", CHATS.values(), ids=CHATS.keys())
def test_a_tokenizer_json_given_with_tokenizer_equals_transformers(
        references: dict[str, Any], folder: Path, model: str, target: str,
        chats: list[dict[str, Any]]) -> None:
    templater = _templater(target, folder / model / "tokenizer.json")
    assert templater.tokenizer.name == f"{model}/tokenizer.json"
    assert _compare(templater, references[model], chats) > 0


def test_the_llama3_approximation_counts_as_the_cl100k_based_reference(
        references: dict[str, Any]) -> None:
    # without a tokenizer, Llama 3 is counted with cl100k_base and Llama 3's special tokens
    # (its own ids, 128000 onwards): the counts and masks are the reference's
    templater = _templater("llama-3-8b-lora")
    assert not templater.tokenizer.exact
    reference = references["llama3"]
    reference.chat_template = templater.setup.template
    for value in CHATS["multilingual with tools"]:
        messages, tools = prepared(value) or ([], None)
        expected = reference.apply_chat_template(messages, tools=tools, tokenize=True,
                                                 return_dict=True,
                                                 return_assistant_tokens_mask=True)
        ours = templater.count(messages, tools)
        assert ours.total == len(expected["input_ids"])
        assert _mask(ours) == expected["assistant_masks"]


MARKED = ("{{ bos_token }}{% for m in messages %}{% if m.role == 'assistant' %}"
          "{% generation %}{{ ' ' + m.content + eos_token }}{% endgeneration %}"
          "{% else %}{{ '[INST] ' + m.content + '[/INST]' }}{% endif %}{% endfor %}")


def test_a_sentencepiece_style_tokenizer_and_your_template_equal_transformers(
        tmp_path: Path) -> None:
    from transformers import PreTrainedTokenizerFast

    from tests.core.test_open_tokenizers import _sentencepiece_like

    path = _sentencepiece_like(tmp_path)
    template = tmp_path / "mine.jinja"
    template.write_text(MARKED, encoding="utf-8")
    settings = default_settings(target="mistral-7b-lora", tokenizer=path,
                                chat_template=template)
    templater = templater_of(settings, Shape.OPENAI_CHAT)
    assert templater is not None and templater.setup.markers
    reference = PreTrainedTokenizerFast(tokenizer_file=str(path), bos_token="<s>",
                                        eos_token="</s>")
    chats = [{"messages": [{"role": "user", "content": "hello world"},
                           {"role": "assistant", "content": "fine thanks"},
                           {"role": "user", "content": "how are you?"},
                           {"role": "assistant", "content": "hello"}]}]
    assert _compare(templater, reference, chats) > 0
