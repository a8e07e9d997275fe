"""TRL's two shipped training templates written out in Python, for speed: a chat as pieces of
text that tokenize on their own, each marked trained or not.

Jinja spends most of a check's time on these templates; this gives the same text and the
same ``{% generation %}`` spans (tests/families/test_templates_fast.py renders random chats
both ways) and cuts the text where the tokenizer's regex cuts it anyway: at added tokens,
and between a template's newline and a message's text that does not start with whitespace.
A message's text is then a piece of its own, tokenized once for both the templates and the
tokens family. An example these functions are not sure of (a role or content that is not a
string, a malformed tool call, tools that are not a list) returns None: Jinja renders it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

Piece = tuple[str, bool]  # a text that tokenizes on its own, and whether it is trained
QWEN_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
QWEN_TOOLS = ("\n\n# Tools\n\nYou may call one or more functions to assist with the user "
              "query.\n\nYou are provided with function signatures within <tools></tools> "
              "XML tags:\n<tools>")
QWEN_CALLS = ("\n</tools>\n\nFor each function call, return a json object with function name "
              "and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n"
              "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>")


class Declined(Exception):  # noqa: N818 - not an error: Jinja renders it
    """The example is not one these functions render: Jinja does."""


@dataclass
class Drops:
    """What the template left out: messages, tool calls (by message), the tool list."""

    messages: list[int] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    tools: bool = False


def _says(message: dict[str, Any]) -> bool:
    """The message has text of its own (dropping it loses something)."""
    content = message.get("content")
    return isinstance(content, str) and bool(content.strip())


class Pieces:
    """The pieces of a chat and what the template left out."""

    __slots__ = ("drops", "out")

    def __init__(self) -> None:
        self.out: list[Piece] = []
        self.drops = Drops()

    def done(self) -> list[Piece]:
        return self.out


def _str(value: Any) -> str:
    if type(value) is not str:
        raise Declined
    return value


def _joined(value: Any) -> str:
    """A value the template adds to a string: what Jinja raises for a list or a number."""
    if type(value) is str:
        return value
    if isinstance(value, list | dict | int | float):
        raise TypeError(f'can only concatenate str (not "{type(value).__name__}") to str')
    raise Declined


def _shown(value: Any) -> str:
    """A value the template prints (``{{ value }}``, ``value | trim``) as Jinja prints it."""
    if type(value) is str:
        return value
    if isinstance(value, list | dict | int | float):
        return str(value)
    raise Declined


def _tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _content(add: Callable[[Piece], None], glue: str, content: str, trained: bool) -> str:
    """A message's text after the template's ``glue`` (which ends in a newline): a piece of
    its own unless it starts with whitespace (the regex ends a run of newlines there, and
    the template's next text starts with an added token). Returns the glue left over."""
    if not content or content[:1].isspace():
        return glue + content
    add((glue, trained))
    add((content, trained))
    return ""


def _qwen_head(messages: list[dict[str, Any]], tools: Any, add: Callable[[Piece], None]
               ) -> str:
    first = messages[0]
    system = first.get("role") == "system"
    if tools:
        if type(tools) is not list:
            raise Declined
        return "<|im_start|>" + _qwen_tools(
            _shown(first.get("content")) if system else QWEN_SYSTEM, tools) + "<|im_end|>\n"
    if system:
        return _content(add, "<|im_start|>system\n", _joined(first.get("content")), False
                        ) + "<|im_end|>\n"
    return "<|im_start|>system\n" + QWEN_SYSTEM + "<|im_end|>\n"


_TOOL_HEADS: dict[bytes, str] = {}  # the system turn with the tools, by system and tools


def _qwen_tools(system: str, tools: list[Any]) -> str:
    """The system turn that lists the tools (the same for most examples of a file)."""
    try:
        key = orjson.dumps([system, tools])
    except orjson.JSONEncodeError:  # what orjson refuses (huge integers) json still writes
        key = b""
    found = _TOOL_HEADS.get(key) if key else None
    if found is None:
        found = ("system\n" + system + QWEN_TOOLS
                 + "".join("\n" + _tojson(tool) for tool in tools) + QWEN_CALLS)
        if len(_TOOL_HEADS) > 1000:
            _TOOL_HEADS.clear()
        if key:
            _TOOL_HEADS[key] = found
    return found


def _qwen_call(call: Any) -> str:
    if type(call) is not dict:
        raise Declined
    function = call.get("function", call)
    if type(function) is not dict or "arguments" not in function:
        raise Declined
    return ('\n<tool_call>\n{"name": "' + _str(function.get("name")) + '", "arguments": '
            + _tojson(function["arguments"]) + "}\n</tool_call>")


def _qwen_assistant(add: Callable[[Piece], None], glue: str, message: dict[str, Any]) -> None:
    add((glue + "<|im_start|>assistant", False))
    calls = message.get("tool_calls")
    if not calls:
        add((_content(add, "\n", _joined(message.get("content")), True) + "<|im_end|>\n",
             True))
        return
    if type(calls) is not list:
        raise Declined
    content = message.get("content")
    text = "\n" + _joined(content) if content else ""
    add((text + "".join(_qwen_call(call) for call in calls) + "<|im_end|>\n", True))


def _qwen_tool(messages: list[dict[str, Any]], i: int) -> str:
    """A tool message: the results of a run of them make one user turn."""
    text = "\n<tool_response>\n" + _shown(messages[i].get("content")) + "\n</tool_response>"
    if i == 0 or messages[i - 1].get("role") != "tool":
        text = "<|im_start|>user" + text
    if i == len(messages) - 1 or messages[i + 1].get("role") != "tool":
        text += "<|im_end|>\n"
    return text


def qwen25(messages: list[dict[str, Any]], tools: Any, variables: dict[str, Any]
           ) -> Pieces:
    """TRL's qwen2_5_training.jinja."""
    pieces = Pieces()
    add = pieces.out.append
    glue = _qwen_head(messages, tools, add)  # template text not yet added
    for i, message in enumerate(messages):
        role = message.get("role")
        if role == "user" or (role == "system" and i > 0):
            content = message.get("content")
            if type(content) is not str:
                content = _joined(content)
            if content and not content[0].isspace():  # its own piece (see _content)
                add((glue + "<|im_start|>" + role + "\n", False))
                add((content, False))
                glue = "<|im_end|>\n"
            else:
                glue += "<|im_start|>" + role + "\n" + content + "<|im_end|>\n"
        elif type(role) is not str:
            raise Declined
        elif role == "assistant":
            _qwen_assistant(add, glue, message)
            glue = ""
        elif role == "tool":
            glue += _qwen_tool(messages, i)
        elif (i > 0 or role != "system") and _says(message):
            pieces.drops.messages.append(i)
    if glue:
        add((glue, False))
    return pieces


def llama3(messages: list[dict[str, Any]], tools: Any, variables: dict[str, Any]
           ) -> Pieces:
    """TRL's llama3_training.jinja (it writes no tool calls and no tools)."""
    pieces = Pieces()
    add = pieces.out.append
    drops = pieces.drops
    drops.tools = isinstance(tools, list) and bool(tools)
    bos = variables.get("bos_token")
    glue = bos if isinstance(bos, str) else ""
    for i, message in enumerate(messages):
        role = _str(message.get("role"))
        content = _shown(message.get("content", "")).strip()
        glue += "<|start_header_id|>" + role + "<|end_header_id|>\n\n"
        if role == "assistant":
            add((glue, False))
            if content:
                add((content, True))
            add(("<|eot_id|>", True))
            glue = ""
        elif content:
            add((glue, False))
            add((content, False))
            glue = "<|eot_id|>"
        else:
            glue += "<|eot_id|>"
        calls = message.get("tool_calls")
        if isinstance(calls, list) and calls:
            drops.calls.append(i)
    if glue:
        add((glue, False))
    return pieces


Renderer = Callable[[list[dict[str, Any]], Any, dict[str, Any]], Pieces]
# by the sha256 of the template text they render (TRL 1.16.0's files, as shipped)
FAST: dict[str, Renderer] = {
    "0cd86fb80f520885e35040a8df321540e729d3358da41f27cf74d33103d94f62": qwen25,
    "9dce981e2954cf77d4d0ad2dbacf8006a5fda34a0bdf4923075a933d08b69470": llama3,
}


def fast_renderer(source: str) -> Renderer | None:
    return FAST.get(hashlib.sha256(source.encode("utf-8")).hexdigest())
