"""The open models Curator knows: how each one's tokenizer is built and how TRL renders its
chats for training.

A target in ``resources/targets.toml`` names one of these with its ``tokenizer`` key. What
ships (see resources/tokenizers/README.md and resources/chat_templates/README.md):

- ``qwen2.5``: the exact tokenizer (Qwen 2.5's 151,643 byte-level BPE ranks in tiktoken
  format, its regex, NFC, and its 22 added tokens) and TRL's training chat template;
- ``llama3``: TRL's training chat template only. The tokenizer is under Meta's licence, so
  it does not ship: the user's own file (``--tokenizer``) makes counts exact; without one they
  are approximated with ``cl100k_base``, whose 100,256 ranks are Llama 3's first ones, plus
  Llama 3's special tokens (the rest of its 128,000 ranks are missing);
- ``mistral``: nothing. Its user's ``tokenizer.json`` (``--tokenizer``) is exact; without it
  counts use ``cl100k_base``. TRL has no training template for Mistral; ``--chat-template``
  takes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.core.model.targets import OPEN_TOKENIZERS

# the pre-tokenizer regexes, character for character as in the models' tokenizer.json
QWEN2_PATTERN = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"""
                 r""" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""")
LLAMA3_PATTERN = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"""
                  r""" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""")

QWEN25_SPECIALS = (
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
    "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
    "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>", "<tool_call>",
    "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
    "<|repo_name|>", "<|file_sep|>")  # ids 151643 to 151664, after the 151,643 ranks
LLAMA3_SPECIALS = (
    "<|begin_of_text|>", "<|end_of_text|>", *(f"<|reserved_special_token_{i}|>" for i in range(4)),
    "<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>",
    *(f"<|reserved_special_token_{i}|>" for i in range(5, 251)))  # ids 128000 to 128255
MISTRAL_CONTROLS = ("<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[TOOL_CALLS]",
                    "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
                    "[/TOOL_RESULTS]")  # ids 0 to 9 of the v3 tokenizer


@dataclass(frozen=True)
class OpenModel:
    """One open model family: its tokenizer, its training template, its special tokens."""

    name: str  # the targets table's `tokenizer` value
    title: str
    shipped: str | None  # the rank file in resources/tokenizers/, when it ships
    sha256: str | None  # of the decompressed rank file
    pattern: str
    specials: tuple[str, ...]
    first_special: int  # the id of specials[0]; the others follow
    nfc: bool  # the tokenizer normalises text to NFC (between special tokens)
    template: str | None  # the training template in resources/chat_templates/
    originals: tuple[str, ...] = ()  # templates TRL replaces with the training one
    variables: dict[str, str] = field(default_factory=dict)  # bos_token, eos_token, ...
    end_of_turn: str | None = None  # the token that ends an assistant turn
    license: str = ""


MODELS: dict[str, OpenModel] = {model.name: model for model in (
    OpenModel("qwen2.5", "Qwen 2.5", "qwen2.5.tiktoken.gz",
              "b2b1b8dfb5cc5f024bafc373121c6aba3f66f9a5a0269e243470a1de16a33186",
              QWEN2_PATTERN, QWEN25_SPECIALS, 151643, nfc=True,
              template="qwen2_5_training.jinja", originals=("qwen2_5.jinja",),
              variables={"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},
              end_of_turn="<|im_end|>", license="Apache-2.0 (Qwen 2.5)"),
    OpenModel("llama3", "Llama 3", None, None, LLAMA3_PATTERN, LLAMA3_SPECIALS, 128000,
              nfc=False, template="llama3_training.jinja", originals=("llama3.jinja",),
              variables={"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
              end_of_turn="<|eot_id|>", license="Meta Llama 3 Community License (not shipped)"),
    OpenModel("mistral", "Mistral 7B v0.3", None, None, LLAMA3_PATTERN, MISTRAL_CONTROLS,
              100256, nfc=False, template=None,
              variables={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
              end_of_turn="</s>", license="Apache-2.0 (not shipped)"),
)}

assert tuple(MODELS) == OPEN_TOKENIZERS, "the targets table and the model specs disagree"
