"""One example's texts, and the sensitive values in them: the fields of every shape, the
detectors a text's signs call for (:mod:`~curator.core.families.pii.prefilter`), and the
placeholders an earlier masking left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from curator.core.families.pii.hits import PLACEHOLDERS, Hit, resolve
from curator.core.families.pii.personal import find_cards, find_emails, find_ibans, find_ips
from curator.core.families.pii.phones import NOT_CARDS, find_phones, other_number
from curator.core.families.pii.prefilter import EMAIL, MARKS, NUMBERS, SECRETS, signs
from curator.core.families.pii.secrets import find_secrets
from curator.core.model.parts import ALL_PARTS, MISSING, get_at

_CHAT_KEYS = frozenset({"messages", "tools", "parallel_tool_calls"})
_PLACEHOLDER = re.compile(r"\[({})_(\d+)\]".format("|".join(PLACEHOLDERS.values())))
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.DOTALL)


@dataclass(frozen=True)
class Options:
    regions: tuple[str, ...]
    private_ips: bool = False


def fields(value: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text of an example with its path: message contents (and their text parts),
    tool-call arguments, plain prompts and completions; every part of every shape."""
    for part in ALL_PARTS:
        found = get_at(value, part.key)
        if found is MISSING:
            continue
        if isinstance(found, str):
            yield part.key, found
        elif isinstance(found, list):
            for i, message in enumerate(found):
                if isinstance(message, dict):
                    yield from _message_fields(f"{part.key}[{i}]", message)


def texts_of(value: dict[str, Any]) -> str:
    """Every text of an example, joined: what the pre-filter reads when the texts every
    family reads will not do (they hold tool calls as reprs, and leave out a preference
    row's rejected answer). A chat example's are gathered without generators."""
    messages = value.get("messages")
    if type(messages) is not list or not value.keys() <= _CHAT_KEYS:
        return "\n".join(text for _, text in fields(value))
    out = []
    for message in messages:
        if type(message) is not dict:
            continue
        content = message.get("content")
        if type(content) is str:
            out.append(content)
        elif type(content) is list:
            out.extend(p["text"] for p in content if type(p) is dict and type(
                p.get("text")) is str)
        calls = message.get("tool_calls")
        if type(calls) is list:
            for call in calls:
                function = call.get("function") if type(call) is dict else None
                if type(function) is dict and type(function.get("arguments")) is str:
                    out.append(function["arguments"])
    return "\n".join(out)


def _message_fields(base: str, message: dict[str, Any]) -> Iterator[tuple[str, str]]:
    content = message.get("content")
    if isinstance(content, str):
        yield f"{base}.content", content
    elif isinstance(content, list):
        for j, item in enumerate(content):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                yield f"{base}.content[{j}].text", item["text"]
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        for k, call in enumerate(calls):
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                yield f"{base}.tool_calls[{k}].function.arguments", function["arguments"]


def scan_text(text: str, wanted: int, options: Options) -> list[Hit]:
    """The sensitive values of one text, overlaps resolved. Escapes (``\\n``, ``\\u00e9``:
    a tool call's arguments are JSON text) are blanked first, so that no span starts or
    ends inside one and masking keeps the JSON valid."""
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: " " * len(m.group(0)), text)
    hits: list[Hit] = []
    if wanted & SECRETS:
        hits.extend(find_secrets(text))
    if wanted & EMAIL:
        hits.extend(find_emails(text))
    if wanted & NUMBERS:
        found = find_cards(text) + find_ibans(text) + find_ips(text, options.private_ips)
        hits.extend(h for h in found
                    if h.kind != "card" or not other_number(text, h.start, NOT_CARDS))
        hits.extend(find_phones(text, options.regions))
    return resolve(hits) if len(hits) > 1 else hits


def marks(text: str) -> Iterator[tuple[str, int]]:
    """Placeholders already in ``text`` (an earlier masking): kind and number."""
    kinds = {v: k for k, v in PLACEHOLDERS.items()}
    for match in _PLACEHOLDER.finditer(text):
        yield kinds[match.group(1)], int(match.group(2))


def scan(value: dict[str, Any], options: Options
         ) -> tuple[list[tuple[str, Hit]], dict[str, int]]:
    """An example's hits with their paths, and the highest placeholder number of each kind
    it already holds (an example the pre-filter flagged)."""
    hits: list[tuple[str, Hit]] = []
    numbers: dict[str, int] = {}
    for path, text in fields(value):
        wanted = signs(text, options.private_ips)
        if wanted & MARKS:
            for kind, number in marks(text):
                numbers[kind] = max(numbers.get(kind, 0), number)
        if wanted & ~MARKS:
            hits.extend((path, hit) for hit in scan_text(text, wanted, options))
    return hits, numbers
