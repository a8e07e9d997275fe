"""Convert one example from its shape to what a trainer accepts.

Targets: OpenAI chat SFT (``openai``), OpenAI preference/DPO (``openai-dpo``), TRL
conversational language modelling (``trl-messages``), TRL prompt-completion
(``trl-prompt-completion``) and TRL preference (``trl-preference``).

Rules:
- only the keys the target accepts are written; other keys are dropped and counted;
- OpenAI wants tool-call ``arguments`` as a JSON string; TRL's chat templates want an object,
  so arguments are parsed for TRL and serialised for OpenAI;
- TRL has no ``function`` role: deprecated function results become ``tool`` messages;
- TRL has no per-message ``weight``: it is dropped and counted (an assistant message with
  weight 0 is still in the conversation; train with ``assistant_only_loss`` and mask it in
  your collator if you need that).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import orjson

from curator.core.model.parts import MISSING, get_at, parts, tools_of
from curator.core.model.shapes import SHAPES, PartSpec, Shape, is_chat, known_keys

TARGETS = ("openai", "openai-dpo", "trl-messages", "trl-prompt-completion", "trl-preference")
OPENAI_MESSAGE_KEYS = {"role", "content", "name", "weight", "tool_calls", "tool_call_id"}
TRL_MESSAGE_KEYS = {"role", "content", "name", "tool_calls", "tool_call_id"}


class ConversionError(ValueError):
    """This example cannot become the target format; the message says why."""


def _arguments(calls: Any, as_string: bool) -> Any:
    if not isinstance(calls, list):
        return calls
    out = []
    for call in calls:
        if isinstance(call, dict) and isinstance(call.get("function"), dict):
            function = dict(call["function"])
            args = function.get("arguments")
            if as_string and not isinstance(args, str):
                function["arguments"] = orjson.dumps(args).decode()
            elif not as_string and isinstance(args, str):
                with contextlib.suppress(orjson.JSONDecodeError):  # kept as is: S015 says why
                    function["arguments"] = orjson.loads(args)
            call = {**call, "function": function}
        out.append(call)
    return out


def _message(message: dict[str, Any], keys: set[str], dropped: Counter[str],
             openai: bool) -> dict[str, Any]:
    out = {}
    for key, value in message.items():
        if key in keys:
            out[key] = value
        else:
            dropped[f"messages[].{key}"] += 1
    if "tool_calls" in out:
        out["tool_calls"] = _arguments(out["tool_calls"], as_string=openai)
    if not openai and out.get("role") == "function":  # TRL knows tool results as `tool`
        out["role"] = "tool"
        dropped["role function -> tool"] += 1
    return out


def _messages(messages: Any, keys: set[str], dropped: Counter[str], openai: bool
              ) -> list[dict[str, Any]]:
    if not isinstance(messages, list):
        raise ConversionError("the example has no list of messages")
    return [_message(m, keys, dropped, openai) for m in messages if isinstance(m, dict)]


def _as_messages(part: Any, spec: PartSpec) -> list[dict[str, Any]]:
    """A part of an example as a list of messages (a TRL plain text is one message)."""
    if part is MISSING:
        return []
    if isinstance(part, str) and spec.text:
        return [{"role": spec.role, "content": part}]
    if isinstance(part, list):
        return [m for m in part if isinstance(m, dict)]
    raise ConversionError(f"`{spec.key}`: expected text or a list of messages, not "
                          f"{type(part).__name__}")


def _replies(shape: Shape) -> list[PartSpec]:
    spec = SHAPES.get(shape)
    return [p for p in spec.parts if p.reply] if spec else []


def conversation(value: dict[str, Any], shape: Shape) -> tuple[list[dict[str, Any]], Any]:
    """The whole conversation of a chat-like example (every part in order), and its tools."""
    if shape not in SHAPES or len(_replies(shape)) > 1:
        raise ConversionError(f"a {shape} example is not a single conversation")
    if is_chat(shape):  # kept as it is: a `messages` that is not a list is said below
        return value.get("messages"), tools_of(value, shape)  # type: ignore[return-value]
    messages = [m for spec, part in parts(value, shape) for m in _as_messages(part, spec)]
    return messages, tools_of(value, shape)


def preference(value: dict[str, Any], shape: Shape
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], Any]:
    """(prompt messages, chosen, rejected, tools) of a preference example of either shape."""
    replies = _replies(shape)
    if len(replies) != 2:
        raise ConversionError(
            f"a {shape} example has no rejected answer, so it cannot be a preference example")
    spec = SHAPES[shape]
    prompt = [m for p in spec.parts if not p.reply
              for m in _as_messages(get_at(value, p.key), p)]
    chosen, rejected = (_as_messages(get_at(value, p.key), p) for p in replies)
    return prompt, chosen, rejected, tools_of(value, shape)


def convert(value: dict[str, Any], shape: Shape, target: str, dropped: Counter[str]
            ) -> dict[str, Any]:
    """One example in ``target`` format; dropped keys are counted in ``dropped``."""
    known = known_keys(TARGET_SHAPE[target])
    for key in value:
        if key not in known_keys(shape):
            dropped[key] += 1
    if target in ("openai", "trl-messages", "trl-prompt-completion"):
        out = _as_conversation(value, shape, target, dropped)
        return {k: v for k, v in out.items() if k in known}
    return _as_preference(value, shape, target, dropped)


def _as_conversation(value: dict[str, Any], shape: Shape, target: str, dropped: Counter[str]
                     ) -> dict[str, Any]:
    messages, tools = conversation(value, shape)
    openai = target == "openai"
    keys = OPENAI_MESSAGE_KEYS if openai else TRL_MESSAGE_KEYS
    out_messages = _messages(messages, keys, dropped, openai)
    out: dict[str, Any]
    if target == "trl-prompt-completion":
        last = max((i for i, m in enumerate(out_messages) if m.get("role") == "assistant"),
                   default=-1)
        if last <= 0:
            raise ConversionError("no assistant reply after a prompt to complete")
        out = {"prompt": out_messages[:last], "completion": [out_messages[last]]}
    else:
        out = {"messages": out_messages}
    if tools:
        out["tools"] = tools
    if openai and "parallel_tool_calls" in value:
        out["parallel_tool_calls"] = value["parallel_tool_calls"]
    return out


def _as_preference(value: dict[str, Any], shape: Shape, target: str, dropped: Counter[str]
                   ) -> dict[str, Any]:
    prompt, chosen, rejected, tools = preference(value, shape)
    if target == "openai-dpo":
        source: dict[str, Any] = {"messages": _messages(prompt, OPENAI_MESSAGE_KEYS - {"weight"},
                                                        dropped, True)}
        if tools:
            source["tools"] = tools
        return {"input": source,
                "preferred_output": _messages(chosen[:1], OPENAI_MESSAGE_KEYS - {"weight"},
                                              dropped, True),
                "non_preferred_output": _messages(rejected[:1], OPENAI_MESSAGE_KEYS - {"weight"},
                                                  dropped, True)}
    out = {"prompt": _messages(prompt, TRL_MESSAGE_KEYS, dropped, False),
           "chosen": _messages(chosen, TRL_MESSAGE_KEYS, dropped, False),
           "rejected": _messages(rejected, TRL_MESSAGE_KEYS, dropped, False)}
    if tools:
        out["tools"] = tools
    return out


TARGET_SHAPE = {"openai": Shape.OPENAI_CHAT, "openai-dpo": Shape.OPENAI_PREFERENCE,
                "trl-messages": Shape.TRL_MESSAGES,
                "trl-prompt-completion": Shape.TRL_PROMPT_COMPLETION,
                "trl-preference": Shape.TRL_PREFERENCE}
