"""The special (control) tokens of each chat format, from the tokenizers' own definitions.

OpenAI's tokens are read from tiktoken itself (``tiktoken_ext.openai_public``, as the tokens
family reads its encodings): nothing is copied. Where a format's tokenizer is not something
Curator ships, its tokens are written out here as its definition writes them (the same
names, the same ranges), each with its source; docs/special-tokens.md lists them with the
same citations. Numbered runs (``<|reserved_special_token_0|>`` ... ``_250|>``) are matched
as a pattern (any number), so a table stays readable and a newer release with more of them
is still caught. Only the *names* of the tokens are kept (facts), never the files.

A format's ``tokens`` are its control tokens: a tokenizer turns their text into one control
token (or a chat template renders them as turn markers), so the same text inside a message
can close a turn or open one. Added tokens a tokenizer marks as ordinary text
(``"special": false``, such as Qwen's ``<tool_call>`` and ``<think>``) are not listed: they are
how tool-calling and reasoning data is written for those models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curator.core.model.tiktoken_defs import special_tokens

FOLD_AT = 8  # a numbered run of this many tokens or more is matched as a pattern


@dataclass(frozen=True)
class ChatFormat:
    name: str  # the key a target names (`chat_format`), and what a finding calls it
    title: str  # for people: "Llama 3 (Meta)"
    tokens: tuple[str, ...]  # literal control tokens
    patterns: tuple[str, ...]  # regexes for numbered runs
    source: str  # where the list comes from


def fold(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Literal tokens and patterns: a run of tokens that differ only in one number (at least
    :data:`FOLD_AT` of them) becomes one pattern, ``<\\|reserved_\\d+\\|>``."""
    run_of = {token: _run_of(token) for token in dict.fromkeys(tokens)}
    runs: dict[tuple[str, str], int] = {}
    for token in tokens:
        run = run_of[token]
        if run is not None:
            runs[run] = runs.get(run, 0) + 1
    folded = {run for run, members in runs.items() if members >= FOLD_AT}
    literals = tuple(dict.fromkeys(t for t in tokens if run_of[t] not in folded))
    patterns = tuple(re.escape(head) + r"\d+" + re.escape(tail) for head, tail in sorted(folded))
    return literals, patterns


_NUMBER = re.compile(r"\d+")


def _run_of(token: str) -> tuple[str, str] | None:
    parts = _NUMBER.split(token, maxsplit=2)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _format(name: str, title: str, tokens: list[str], source: str,
            patterns: tuple[str, ...] = ()) -> ChatFormat:
    literals, folded = fold(tokens)
    return ChatFormat(name, title, literals, folded + patterns, source)


def _openai() -> ChatFormat:
    # tiktoken_ext/openai_public.py: cl100k_base() and o200k_base() special_tokens; any OpenAI
    # encoding's special tokens fail a fine-tuning job ("contains an invalid token"), whatever
    # the model's own encoding (a 4o-era job failed on cl100k's <|fim_suffix|>)
    tokens = [*special_tokens("cl100k_base"), *special_tokens("o200k_base")]
    return _format("openai", "OpenAI's tokenizers (cl100k_base, o200k_base)", tokens,
                   "tiktoken_ext.openai_public: cl100k_base(), o200k_base()")


def _harmony() -> ChatFormat:
    # tiktoken_ext/openai_public.py: o200k_harmony() (gpt-oss), beyond o200k_base's own
    base = special_tokens("o200k_base")
    tokens = [t for t in special_tokens("o200k_harmony") if t not in base]
    return _format("harmony", "gpt-oss (harmony)", tokens,
                   "tiktoken_ext.openai_public: o200k_harmony()")


def _llama3() -> ChatFormat:
    # meta-llama/llama3 llama/tokenizer.py (Llama 3.0), Tokenizer.__init__, 256 reserved
    v30 = ["<|begin_of_text|>", "<|end_of_text|>", *(f"<|reserved_special_token_{i}|>"
                                                     for i in range(4)),
           "<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_4|>",
           "<|eot_id|>", *(f"<|reserved_special_token_{i}|>" for i in range(5, 256 - 5))]
    # meta-llama/llama-models models/llama3/tokenizer.py (Llama 3.1-3.3), Tokenizer.__init__
    v31 = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
           "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>", "<|step_id|>",
           "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>",
           "<|python_tag|>", "<|image|>",
           *(f"<|reserved_special_token_{2 + i}|>" for i in range(256 - 12))]
    return _format("llama3", "Llama 3 (Meta)", [*v30, *v31],
                   "meta-llama/llama3 llama/tokenizer.py; meta-llama/llama-models "
                   "models/llama3/tokenizer.py")


def _llama4() -> ChatFormat:
    # meta-llama/llama-models models/llama4/tokenizer.py: BASIC_SPECIAL_TOKENS,
    # LLAMA4_TEXT_POST_TRAIN/VISION/REASONING_SPECIAL_TOKENS, get_reserved_special_tokens
    def reserved(kind: str, count: int, start: int = 0) -> list[str]:
        return [f"<|{kind}_reserved_special_token_{i}|>" for i in range(start, start + count)]

    tokens = ["<|begin_of_text|>", "<|end_of_text|>", "<|fim_prefix|>", "<|fim_middle|>",
              "<|fim_suffix|>", "<|header_start|>", "<|header_end|>", "<|eom|>", "<|eot|>",
              "<|step|>", *reserved("text_post_train", 6), "<|python_start|>",
              "<|python_end|>", "<|finetune_right_pad|>", *reserved("text_post_train", 61, 8),
              "<|image_start|>", "<|image_end|>", *reserved("vision", 2), "<|tile_x_separator|>",
              "<|tile_y_separator|>", *reserved("vision", 4, 2), "<|image|>",
              *reserved("vision", 1, 6), "<|patch|>", *reserved("vision", 1041, 7),
              *reserved("reasoning", 8), "<|reasoning_thinking_start|>",
              "<|reasoning_thinking_end|>"]
    tokens += [f"<|reserved_special_token_{i}|>" for i in range(2048 - len(tokens))]
    return _format("llama4", "Llama 4 (Meta)", tokens,
                   "meta-llama/llama-models models/llama4/tokenizer.py")


def _llama2() -> ChatFormat:
    # pytorch/torchtune torchtune/models/llama2/_prompt_template.py (Llama2ChatTemplate: B_INST,
    # E_INST, B_SYS, E_SYS); SentencePiece <s> and </s>; LLaMA-Factory template "llama2"
    return _format("llama2", "Llama 2 chat", ["<s>", "</s>", "[INST]", "[/INST]", "<<SYS>>",
                                              "<</SYS>>"],
                   "torchtune models/llama2/_prompt_template.py; LLaMA-Factory template llama2")


def _mistral() -> ChatFormat:
    # mistralai/mistral-common src/mistral_common/tokens/tokenizers/base.py: SpecialTokens
    tokens = ["<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]",
              "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]",
              "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]", "[SUFFIX]",
              "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]", "[ARGS]", "[CALL_ID]",
              "[AUDIO]", "[BEGIN_AUDIO]", "[TRANSCRIBE]", "[THINK]", "[/THINK]",
              "[STREAMING_PAD]", "[STREAMING_WORD]", "[NEXT_AUDIO_TEXT]", "[REPEAT_AUDIO_TEXT]",
              "[MODEL_SETTINGS]", "[/MODEL_SETTINGS]",
              # tekken.py: Tekkenizer fills the special ids up to 1000 with SPECIAL_TOKEN_TEMPLATE
              *(f"<SPECIAL_{i}>" for i in range(20, 1000))]
    # the SentencePiece models' CONTROL filler pieces are named [control_N]
    return _format("mistral", "Mistral", tokens,
                   "mistral-common tokens/tokenizers/base.py SpecialTokens, tekken.py",
                   (r"\[control_\d+\]",))


def _chatml() -> ChatFormat:
    # torchtune torchtune/data/_prompt_templates.py ChatMLTemplate; axolotl chatml.jinja
    return _format("chatml", "ChatML", ["<|im_start|>", "<|im_end|>"],
                   "torchtune data/_prompt_templates.py ChatMLTemplate; axolotl chatml.jinja")


def _qwen() -> ChatFormat:
    # torchtune models/qwen2/_tokenizer.py and models/qwen2_5/_tokenizer.py; the tokens that
    # Qwen2.5's tokenizer_config.json marks "special": true (151643-151656)
    tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>",
              "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>",
              "<|quad_end|>", "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>",
              "<|image_pad|>", "<|video_pad|>"]
    return _format("qwen2.5", "Qwen 2.5", tokens,
                   "torchtune models/qwen2/_tokenizer.py, models/qwen2_5/_tokenizer.py")


def _gemma() -> ChatFormat:
    # keras-team/keras-hub keras_hub/src/models/gemma3/gemma3_tokenizer.py (bos, eos, pad,
    # start/end_of_image); turn markers from axolotl gemma.jinja / gemma3.jinja and
    # LLaMA-Factory template "gemma" (stop word <end_of_turn>). "<img>", the image placeholder
    # the processor expands, is left out: it is also an HTML tag
    return _format("gemma", "Gemma", ["<bos>", "<eos>", "<pad>", "<start_of_turn>",
                                      "<end_of_turn>", "<start_of_image>", "<end_of_image>"],
                   "keras-hub models/gemma3/gemma3_tokenizer.py; axolotl gemma.jinja")


def _phi3() -> ChatFormat:
    # torchtune models/phi3/_tokenizer.py: PHI3_SPECIAL_TOKENS (32000-32010)
    tokens = ["<|endoftext|>", "<|assistant|>", "<|placeholder1|>", "<|placeholder2|>",
              "<|placeholder3|>", "<|placeholder4|>", "<|system|>", "<|end|>",
              "<|placeholder5|>", "<|placeholder6|>", "<|user|>"]
    return _format("phi3", "Phi-3", tokens, "torchtune models/phi3/_tokenizer.py")


def _phi4() -> ChatFormat:
    # torchtune models/phi4/_tokenizer.py: PHI4_SPECIAL_TOKENS and its <|dummy_N|> loop
    tokens = ["<|dummy_0|>", "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>",
              "<|fim_suffix|>", "<|dummy_1|>", "<|dummy_2|>", "<|dummy_3|>", "<|im_start|>",
              "<|im_end|>", "<|im_sep|>", "<|endofprompt|>",
              *(f"<|dummy_{i}|>" for i in range(4, 4 + 100352 - 100267 - 1))]
    return _format("phi4", "Phi-4", tokens, "torchtune models/phi4/_tokenizer.py")


def _zephyr() -> ChatFormat:
    # LLaMA-Factory src/llamafactory/data/template.py, register_template(name="zephyr")
    return _format("zephyr", "Zephyr", ["<|system|>", "<|user|>", "<|assistant|>", "</s>"],
                   "LLaMA-Factory data/template.py template zephyr")


def _deepseek() -> ChatFormat:
    # axolotl src/axolotl/utils/chat_templates/templates/deepseek_v3.jinja (FULLWIDTH VERTICAL
    # LINE U+FF5C and LOWER ONE EIGHTH BLOCK U+2581, as the template writes them)
    names = ["User", "Assistant", "end▁of▁sentence", "tool▁calls▁begin", "tool▁calls▁end",
             "tool▁call▁begin", "tool▁call▁end", "tool▁sep", "tool▁outputs▁begin",
             "tool▁outputs▁end", "tool▁output▁begin", "tool▁output▁end"]
    return _format("deepseek", "DeepSeek V3", [f"<｜{name}｜>" for name in names],
                   "axolotl chat_templates/templates/deepseek_v3.jinja")


FORMATS: dict[str, ChatFormat] = {f.name: f for f in (
    _openai(), _harmony(), _chatml(), _qwen(), _llama3(), _llama4(), _llama2(), _mistral(),
    _gemma(), _phi3(), _phi4(), _zephyr(), _deepseek())}
