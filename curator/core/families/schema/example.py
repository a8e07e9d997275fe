"""Validate one parsed example against the file's shape: schema, then semantics."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from curator.core.families.schema.errors import findings_from_error
from curator.core.families.schema.messages import check_messages, check_tools
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.schema import FAST, KNOWN_KEYS, PRECISE, Shape


def check_example(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    """All schema and structure findings for one example (a parsed JSON object)."""
    if shape is Shape.UNKNOWN:
        return [make("S000", line, (
            "cannot tell what kind of example this is "
            f"(keys: {', '.join(sorted(value)) or 'none'}); "
            "use `messages` for chat, or force a shape with --shape"))]
    out: list[Finding] = []
    try:
        FAST[shape].validate_python(value)
    except ValidationError:
        try:  # the precise schema is slower but names exactly one problem per place
            PRECISE[shape].validate_python(value)
        except ValidationError as error:
            out.extend(findings_from_error(error, shape, line))
    out.extend(_semantics(value, line, shape))
    return out


def _semantics(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    out: list[Finding] = []
    if shape in (Shape.OPENAI_CHAT, Shape.TRL_MESSAGES):
        messages = value.get("messages")
        if isinstance(messages, list):
            out.extend(check_messages(messages, line))
        if "tools" in value:
            out.extend(check_tools(value["tools"], line))
    elif shape is Shape.OPENAI_PREFERENCE:
        source = value.get("input")
        if isinstance(source, dict):
            messages = source.get("messages")
            if isinstance(messages, list):
                out.extend(check_messages(
                    messages, line, "input.messages",
                    require_assistant=False, expect_last_assistant=False,
                ))
            out.extend(check_tools(source.get("tools"), line, "input.tools"))
        for key in ("preferred_output", "non_preferred_output"):
            output = value.get(key)
            if isinstance(output, list):  # one message; S031 covers a list of several
                out.extend(check_messages(
                    output[:1], line, key, require_assistant=False, expect_last_assistant=False,
                ))
    else:
        out.extend(_mixed_kinds(value, line))
        for key in ("prompt", "completion", "chosen", "rejected"):
            part = value.get(key)
            if isinstance(part, list):
                out.extend(check_messages(
                    part, line, key, require_assistant=False, expect_last_assistant=False,
                ))
    out.extend(_unknown_keys(value, line, shape))
    return out


def _mixed_kinds(value: dict[str, Any], line: int) -> list[Finding]:
    """TRL wants every text field plain text, or every one a conversation, never a mix."""
    kinds = {
        key: "text" if isinstance(part, str) else "conversation"
        for key in ("prompt", "completion", "chosen", "rejected")
        if isinstance(part := value.get(key), str | list)
    }
    if len(set(kinds.values())) <= 1:
        return []
    described = ", ".join(f"`{key}` is {kind}" for key, kind in kinds.items())
    return [make("S041", line, (
        f"{described}; TRL needs all of them plain text or all of them lists of messages"))]


def _unknown_keys(value: dict[str, Any], line: int, shape: Shape) -> list[Finding]:
    known = KNOWN_KEYS[shape]
    if value.keys() <= known:
        return []
    return [
        make("S021", line, (
            f"top-level key `{key}` is not part of the {shape} format and will not be "
            "exported; keep it only if you need it for your own bookkeeping"), key)
        for key in value
        if key not in known
    ]
