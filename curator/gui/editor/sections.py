"""The parts of a row the conversation editor shows, found from the row's own keys.

A chat row has one part, its ``messages``. An OpenAI preference row has its input messages
and the preferred and non-preferred outputs; a TRL row has its prompt, completion, chosen and
rejected parts, each either a plain string or a list of messages. A row with a part of any
other type has no parts here: the Raw JSON tab edits it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

TITLES = {"messages": "Messages", "input.messages": "Input",
          "preferred_output": "Preferred output", "non_preferred_output": "Non-preferred output",
          "prompt": "Prompt", "completion": "Completion", "chosen": "Chosen",
          "rejected": "Rejected"}
TEXT_KEYS = frozenset({"prompt", "completion", "chosen", "rejected"})  # TRL allows plain text
REPLIES = frozenset({"preferred_output", "non_preferred_output", "completion", "chosen",
                     "rejected"})  # parts that hold the model's answer
PATH = re.compile(r"(?P<key>[\w.]+?)(?:\[(?P<index>\d+)\](?:\.(?P<field>\w+))?.*)?$")
_MISSING = object()


@dataclass(frozen=True)
class Section:
    key: str  # dotted path from the row's root: "messages", "input.messages", "chosen"
    text: bool  # a plain string (a TRL prompt or completion), not a list of messages

    @property
    def title(self) -> str:
        return TITLES[self.key]


def get_at(value: dict[str, Any], key: str) -> Any:
    """The part at dotted ``key``, or a sentinel when a step of it is missing."""
    part: Any = value
    for step in key.split("."):
        part = part.get(step, _MISSING) if isinstance(part, dict) else _MISSING
    return part


def with_part(value: dict[str, Any], key: str, new: Any) -> dict[str, Any]:
    """A copy of ``value`` with the part at ``key`` replaced by ``new``."""
    out = copy.deepcopy(value)
    *parents, last = key.split(".")
    holder = out
    for step in parents:
        holder = holder[step]
    holder[last] = new
    return out


def sections(value: Any) -> list[Section] | None:
    """The parts to show, in reading order, or None when the editor cannot show the row."""
    if not isinstance(value, dict):
        return None
    found = []
    for key in TITLES:
        if key.split(".")[0] not in value:
            continue
        part = get_at(value, key)
        if isinstance(part, str) and key in TEXT_KEYS:
            found.append(Section(key, text=True))
        elif isinstance(part, list) and all(isinstance(m, dict) for m in part):
            found.append(Section(key, text=False))
        else:
            return None
    return found or None


def parse_path(path: str) -> tuple[str, int | None, str]:
    """``chosen[1].content`` -> ``("chosen", 1, "content")``; ``prompt`` -> ``("prompt", None,
    "")``."""
    match = PATH.match(path)
    if match is None:
        return path, None, ""
    index = match.group("index")
    return match.group("key"), int(index) if index is not None else None, match.group(
        "field") or ""


def next_role(messages: list[dict[str, Any]], index: int, key: str) -> str:
    """The role a message added after ``index`` most likely has."""
    if not 0 <= index < len(messages):
        return "assistant" if key in REPLIES else "user"
    return "assistant" if messages[index].get("role") in ("user", "tool") else "user"


def edit_messages(messages: list[dict[str, Any]], index: int, action: str, key: str
                  ) -> list[dict[str, Any]]:
    """The messages after a card action (add, delete, duplicate, up, down)."""
    out = copy.deepcopy(messages)
    if action == "add":
        out.insert(index + 1, {"role": next_role(out, index, key), "content": ""})
    elif action == "delete":
        del out[index]
    elif action == "duplicate":
        out.insert(index + 1, copy.deepcopy(out[index]))
    elif action == "up" and index > 0:
        out[index - 1], out[index] = out[index], out[index - 1]
    elif action == "down" and index < len(out) - 1:
        out[index + 1], out[index] = out[index], out[index + 1]
    return out
