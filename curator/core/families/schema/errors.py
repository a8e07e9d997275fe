"""Turn pydantic validation errors into coded findings with a JSON path and a fix hint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from pydantic import ValidationError

from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.schema import ROLES
from curator.core.model.shapes import Shape

Loc = tuple[str | int, ...]

ROLE_LIST = "system, developer, user, assistant or tool"
PART_HINT = (
    'a part is {"type": "text", "text": "..."} or, in user messages, '
    '{"type": "image_url", "image_url": {"url": "..."}}'
)


def format_path(loc: Sequence[str | int]) -> str:
    """``('messages', 2, 'content')`` -> ``messages[2].content``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _clean(loc: Sequence[str | int]) -> Loc:
    """Drop union tags (``@user``) and pydantic's ``[key]`` markers from an error location."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("@", "["))))


def _show(value: Any) -> str:
    """The value as it is written in the file (JSON: null, true, ["user"]), cut at 60."""
    try:
        text = orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):  # nested past orjson's 255 levels
        text = _outline(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _outline(value: Any, budget: int = 60) -> str:
    """The start of a value's JSON, written without recursion (any depth)."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack and sum(map(len, out)) < budget:
        item = stack.pop()
        if isinstance(item, list):
            out.append("[")
            stack.extend(reversed(item[:3]))
        elif isinstance(item, dict):
            out.append("{")
            stack.extend(reversed([f'"{k}": ' for k in list(item)[:1]] + list(item.values())[:1]))
        elif isinstance(item, str):
            out.append(item if item.endswith(": ") else orjson.dumps(item).decode())
        else:
            out.append(orjson.dumps(item).decode())
    return "".join(out)


def findings_from_error(
    error: ValidationError, shape: Shape, line: int
) -> list[Finding]:
    """One finding per code and element (a message, a part, a tool call), at its path.

    Several errors on the same element (a tool call missing both ``type`` and ``function``)
    merge into one finding that lists them all.
    """
    groups: dict[tuple[str, str], tuple[list[str], str, str]] = {}
    for err in error.errors(include_url=False):
        loc = _clean(err["loc"])
        code, message = _classify(shape, loc, err["type"], err.get("input"), err["msg"])
        if code == TOOLS_FAMILY:
            continue
        detail, _, hint = message.partition(HINT)
        path = format_path(loc)
        key = (code, _element(path) if code in MERGED else path)
        if key in groups:
            details = groups[key][0]
            if detail not in details:
                details.append(detail)
            groups[key] = (details, hint, key[1])
        else:
            groups[key] = ([detail], hint, path)
    elements_with_s009 = {element for code, element in groups if code == "S009"}
    findings = []
    for (code, element), (details, hint, path) in groups.items():
        if code == "S008" and element in elements_with_s009:
            continue
        message = _join(details) + (f"; {hint}" if hint else "")
        findings.append(make(code, line, message, path if len(details) == 1 else element))
    return findings


TOOLS_FAMILY = ""  # a code the tools family reports, left out here
HINT = " :: "  # separates what is wrong from how to fix it inside a classifier's message
MERGED = {"S006", "S008", "S009", "S014", "S019", "S030", "S031", "S040", "S042"}


def _join(details: list[str]) -> str:
    """``["bad call: x", "bad call: y"]`` -> ``"bad call: x, y"``."""
    heads = {d.partition(": ")[0] for d in details}
    if len(details) > 1 and len(heads) == 1 and all(": " in d for d in details):
        return f"{heads.pop()}: " + ", ".join(d.partition(": ")[2] for d in details)
    return "; ".join(details)


def _element(path: str) -> str:
    """``messages[1].tool_calls[0].type`` -> ``messages[1].tool_calls[0]``."""
    cut = path.rfind("]")
    return path[: cut + 1] if cut >= 0 else path


def _field_problem(loc: Loc, kind: str, value: Any, msg: str) -> str:
    field = loc[-1] if loc else ""
    if kind == "missing":
        return f"`{field}` is missing"
    if kind == "extra_forbidden":
        return f"unknown key `{field}`"
    where = f"`{field}`" if isinstance(field, str) and field else "the value"
    return f"{where}: {msg.lower()} (got {_show(value)})"


def _classify(shape: Shape, loc: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    if shape is Shape.OPENAI_CHAT:
        return _chat(loc, kind, value, msg)
    if shape is Shape.OPENAI_PREFERENCE:
        return _preference(loc, kind, value, msg)
    if shape is Shape.TRL_MESSAGES:
        return _chat(loc, kind, value, msg)
    if shape is Shape.TRL_PROMPT_COMPLETION:
        return _trl(loc, kind, value, msg, "S040", "`prompt` and `completion`")
    return _trl(loc, kind, value, msg, "S042", "`chosen` and `rejected`")


def _chat(loc: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    head = loc[0] if loc else "messages"
    if head == "messages":
        return _messages(loc[1:], kind, value, msg)
    if head == "tools":
        return "S019", (
            f"invalid tool definition: {_field_problem(loc, kind, value, msg)}{HINT}each tool is "
            '{"type": "function", "function": {"name": ..., "parameters": {...}}}, the name '
            "made of letters, digits, _ or - (at most 64)"
        )
    if head == "parallel_tool_calls":
        return "S020", f"`parallel_tool_calls` must be true or false, not {_show(value)}"
    return "S000", f"{format_path(loc)}: {msg}"


def _messages(rest: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    if not rest:
        if kind == "missing":
            return "S001", (
                'the example has no `messages`; put the conversation in "messages": '
                '[{"role": "user", ...}, {"role": "assistant", ...}]'
            )
        if kind == "too_short":
            return "S002", "`messages` is empty; add at least a user and an assistant message"
        return "S002", f"`messages` must be a list of message objects, not {_show(value)}"
    return message_problem(rest[1:], kind, value, msg)


def message_problem(rest: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    """Classify an error inside one message; ``rest`` is the location below the message."""
    if not rest:
        return _whole_message(value)
    field = rest[0]
    if kind == "extra_forbidden" and len(rest) == 1:
        return _extra_key(field)
    if field == "role":
        if kind == "missing":
            return "S004", f"the message has no `role`; add one of {ROLE_LIST}"
        return "S004", f"unknown role {_show(value)}; {_role_hint(value)}"
    if field == "content":
        return _content(rest[1:], kind, value, msg)
    if field == "tool_calls":
        return _tool_call(rest[1:], kind, value, msg)
    return _simple_field(field, kind, value, msg)


def _whole_message(value: Any) -> tuple[str, str]:
    if not isinstance(value, dict):
        return "S003", (
            f'a message must be an object like {{"role": "user", "content": "..."}}, '
            f"not {_show(value)}"
        )
    role = value.get("role")
    if role is None:
        return "S004", f"the message has no `role`; add one of {ROLE_LIST}"
    return "S004", f"unknown role {_show(role)}; {_role_hint(role)}"


def _extra_key(field: str | int) -> tuple[str, str]:
    if field == "weight":
        return "S012", (
            "`weight` is only allowed on assistant messages; remove it from this message"
        )
    if field == "tool_calls":
        return "S014", "`tool_calls` is only allowed on assistant messages; remove it"
    return "S006", (
        f"unknown key `{field}` in a message{HINT}remove or rename it "
        "(OpenAI rejects unknown message keys)"
    )


def _simple_field(field: str | int, kind: str, value: Any, msg: str) -> tuple[str, str]:
    """A message's name, weight or tool_call_id of the wrong kind."""
    if field == "name":
        return "S011", f"`name` must be a string, not {_show(value)}"
    if field == "weight":
        return "S013", (
            f"`weight` must be 0 (do not train on this reply) or 1 (train on it), "
            f"not {_show(value)}"
        )
    if field == "tool_call_id":
        return TOOLS_FAMILY, ""  # a missing or odd id is S016, the tools family's
    return "S000", f"{field}: {msg} (got {_show(value)})"


def _role_hint(role: Any) -> str:
    if isinstance(role, str) and role.strip().lower() in ROLES:
        return f"roles are lower case: write {_show(role.strip().lower())}"
    return f"use one of {ROLE_LIST}"


def _content(rest: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    if not rest:
        if kind == "missing":
            return "S007", "the message has no `content`; add the text of the message"
        if value is None:
            return "S007", (
                "`content` is null; only an assistant message that makes tool calls may have "
                "null content; put the text in `content`"
            )
        return "S007", (
            f"`content` must be a string or a list of parts, not {_show(value)}"
        )
    if len(rest) >= 2 and rest[1] == "type" and value == "image_url":
        return "S009", (
            f"an image part in a message that is not from the user{HINT}"
            "move the image to a user message"
        )
    if len(rest) == 1 and kind.startswith("union_tag"):
        return "S008", f"unknown content part {_show(value)}{HINT}{PART_HINT}"
    problem = _field_problem(rest, kind, value, msg)
    return "S008", f"malformed content part: {problem}{HINT}{PART_HINT}"


def _tool_call(rest: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    if "arguments" in rest:
        if kind == "json_type":
            return "S015", (
                "tool call `arguments` must be a JSON string, not an object; "
                "serialise it (json.dumps) so it reads like \"{\\\"city\\\": \\\"Paris\\\"}\""
            )
        if kind == "json_invalid":
            return "S015", f"tool call `arguments` is not valid JSON ({msg}); fix the string"
        return "S015", (
            f"tool call `arguments` must encode a JSON object, not {_show(value)}"
        )
    return "S014", (
        f"malformed tool call: {_field_problem(rest, kind, value, msg)}{HINT}a tool call is "
        '{"id": "call_1", "type": "function", "function": {"name": ..., "arguments": "{...}"}}'
    )


def _preference(loc: Loc, kind: str, value: Any, msg: str) -> tuple[str, str]:
    head = loc[0] if loc else "input"
    if head == "input":
        if len(loc) == 1:
            return "S030", (
                "a preference example needs `input`: an object with the prompt `messages`, "
                f"not {_show(value) if kind != 'missing' else 'nothing'}"
            )
        if loc[1] == "messages":
            code, message = _messages(loc[2:], kind, value, msg)
            return ("S030", message) if code == "S000" else (code, message)
        code, message = _chat(loc[1:], kind, value, msg)
        return ("S030", message) if code == "S000" else (code, message)
    if head in ("preferred_output", "non_preferred_output"):
        if len(loc) <= 2 or (len(loc) == 3 and loc[2] == "role"):
            return "S031", (
                f"`{head}` must be a list of exactly one assistant message, like "
                '[{"role": "assistant", "content": "..."}]'
                + (f"; got {_show(value)}" if kind != "missing" else "; it is missing")
            )
        return message_problem(loc[2:], kind, value, msg)
    return "S000", f"{format_path(loc)}: {msg}"


def _trl(loc: Loc, kind: str, value: Any, msg: str, code: str, fields: str) -> tuple[str, str]:
    head = loc[0] if loc else ""
    if len(loc) >= 3 and isinstance(loc[1], int):
        sub_code, message = message_problem(loc[2:], kind, value, msg)
        if sub_code in ("S004", "S007"):
            return sub_code, message
        return code, f"`{head}`: {message}"
    if len(loc) == 2 and isinstance(loc[1], int):
        return message_problem((), kind, value, msg)
    if kind == "missing":
        return code, f"`{head}` is missing; this shape needs {fields}"
    return code, (
        f"`{head}` must be a string or a list of messages, not {_show(value)}"
    )

