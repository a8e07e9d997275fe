"""Every text field of an example, as (where, text): message contents and their text parts,
names, tool calls' names and arguments, TRL plain-text parts, and the strings of the tool
definitions. Paths are formatted only for a field that holds something (a hit)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson

from curator.core.model.parts import parts, tools_of
from curator.core.model.shapes import Shape

Found = Callable[[str, str], None]  # (path, text) of a field that may hold a token
Probe = Callable[[str], bool]  # does this text hold a candidate at all (cheap)
Anywhere = Callable[[bytes], bool]  # does this JSON text hold a token anywhere


def scan_example(value: dict[str, Any], shape: Shape, probe: Probe, found: Found,
                 anywhere: Anywhere) -> None:
    """Call ``found(path, text)`` for each text field of ``value`` that ``probe`` accepts;
    ``anywhere`` looks at the example's JSON first (most examples hold no token at all)."""
    try:
        if not anywhere(orjson.dumps(value)):
            return
    except (TypeError, orjson.JSONEncodeError):
        pass  # a value JSON cannot hold (an integer past 64 bits): look field by field
    for spec, part in parts(value, shape):
        if type(part) is str:
            if probe(part):
                found(spec.key, part)
        elif type(part) is list:
            _messages(spec.key, part, probe, found)
    tools = tools_of(value, shape)
    if tools:
        _tools("input.tools" if shape is Shape.OPENAI_PREFERENCE else "tools", tools, probe,
               found, anywhere)


def _messages(key: str, messages: list[Any], probe: Probe, found: Found) -> None:
    for i, message in enumerate(messages):
        if type(message) is not dict:
            continue
        content = message.get("content")
        if type(content) is str:
            if probe(content):
                found(f"{key}[{i}].content", content)
        elif type(content) is list:
            for j, part in enumerate(content):
                text = part.get("text") if type(part) is dict else None
                if type(text) is str and probe(text):
                    found(f"{key}[{i}].content[{j}].text", text)
        if "name" in message or "tool_calls" in message:
            _extras(f"{key}[{i}]", message, probe, found)


def _extras(where: str, message: dict[str, Any], probe: Probe, found: Found) -> None:
    name = message.get("name")
    if type(name) is str and probe(name):
        found(f"{where}.name", name)
    calls = message.get("tool_calls")
    if type(calls) is not list:
        return
    for j, call in enumerate(calls):
        function = call.get("function") if type(call) is dict else None
        if type(function) is not dict:
            continue
        for field in ("name", "arguments"):
            text = function.get(field)
            if type(text) is str and probe(text):
                found(f"{where}.tool_calls[{j}].function.{field}", text)


def _tools(key: str, tools: Any, probe: Probe, found: Found, anywhere: Anywhere) -> None:
    """The strings of the tool definitions (descriptions, enum values, ...): one look at
    their JSON first, since they rarely hold anything."""
    try:
        data = orjson.dumps(tools)
    except (TypeError, orjson.JSONEncodeError):
        return
    if anywhere(data):
        for path, string in strings(tools, key):
            if probe(string):
                found(path, string)


def strings(value: Any, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every string value inside ``value``, with its path."""
    if depth > 64:
        return
    if type(value) is str:
        yield path, value
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from strings(item, f"{path}[{i}]", depth + 1)
    elif type(value) is dict:
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}", depth + 1)
