"""One-click fixes for the mechanical problems: each is one undo step through the document.

A fix is offered only where the finding says exactly what to write: a role in the wrong case
(S004), tool-call ``arguments`` given as an object (S015), a blank line (J005), a ``weight``
other than 0 or 1 (S013), a ``weight`` on a message that is not the assistant's (S012), a
trailing comma (J002), and an empty or null message (S010, S017), which the finding says to
delete. Everything else needs a person's words.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from curator.core.api import Finding, Row, parse_line
from curator.gui.document import Document

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")
TRAILING_COMMA = re.compile(rb',(\s*[}\]])')


@dataclass(frozen=True)
class Fix:
    """What one click does to one row: a new value, new raw text, or deleting the row."""

    label: str  # the menu text, which is also the undo step's name
    value: dict[str, Any] | None = None
    raw: bytes | None = None
    delete: bool = False


def steps(path: str) -> list[str | int]:
    """``messages[1].tool_calls[0].function`` -> ``["messages", 1, "tool_calls", 0,
    "function"]``."""
    return [name if name else int(index) for name, index in STEP.findall(path)]


def walk(value: Any, path: list[str | int]) -> Any:
    """The value at ``path``, or None when a step is missing."""
    for step in path:
        listed = isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value)
        keyed = isinstance(step, str) and isinstance(value, dict) and step in value
        if not (listed or keyed):
            return None
        value = value[step]
    return value


def _message(value: dict[str, Any], path: list[str | int]) -> tuple[list[str | int], Any]:
    """The path of the message a finding points into (``messages[1]...`` -> ``messages[1]``),
    and the message."""
    cut = next((i + 1 for i in range(len(path) - 1, -1, -1) if isinstance(path[i], int)), 0)
    return path[:cut], walk(value, path[:cut]) if cut else None


def _set(value: dict[str, Any], path: list[str | int], new: Any) -> dict[str, Any]:
    out = copy.deepcopy(value)
    holder = walk(out, path[:-1])
    holder[path[-1]] = new
    return out


def _role(value: dict[str, Any], path: list[str | int]) -> list[Fix]:
    where, message = _message(value, path)
    role = message.get("role") if isinstance(message, dict) else None
    if not isinstance(role, str) or role.strip().lower() not in ROLES or (
            role == role.strip().lower()):
        return []
    good = role.strip().lower()
    return [Fix(f"Write the role as {good!r}", _set(value, [*where, "role"], good))]


def _arguments(value: dict[str, Any], path: list[str | int]) -> list[Fix]:
    arguments = walk(value, path)
    if not isinstance(arguments, dict | list) or not path or path[-1] != "arguments":
        return []
    text = json.dumps(arguments, ensure_ascii=False)
    return [Fix("Write the arguments as a JSON string", _set(value, path, text))]


def _weight(value: dict[str, Any], path: list[str | int]) -> list[Fix]:
    where, message = _message(value, path)
    if not isinstance(message, dict) or "weight" not in message:
        return []
    return [Fix("Set the weight to 1 (train on this reply)", _set(value, [*where, "weight"], 1)),
            Fix("Set the weight to 0 (context only)", _set(value, [*where, "weight"], 0))]


def _drop_weight(value: dict[str, Any], path: list[str | int]) -> list[Fix]:
    where, message = _message(value, path)
    if not isinstance(message, dict) or "weight" not in message:
        return []
    out = copy.deepcopy(value)
    del walk(out, where)["weight"]
    return [Fix("Remove the weight (only assistant replies have one)", out)]


def _delete_message(value: dict[str, Any], path: list[str | int]) -> list[Fix]:
    where, message = _message(value, path)
    holder = walk(value, where[:-1])
    if not isinstance(message, dict) or not isinstance(holder, list) or len(holder) < 2:
        return []
    out = copy.deepcopy(value)
    del walk(out, where[:-1])[int(where[-1])]
    return [Fix(f"Delete this empty {message.get('role', '')} message".replace("  ", " "), out)]


VALUE_FIXES: dict[str, Callable[[dict[str, Any], list[str | int]], list[Fix]]] = {
    "S004": _role, "S015": _arguments, "S013": _weight, "S012": _drop_weight,
    "S010": _delete_message, "S017": _delete_message,
}


def without_trailing_commas(raw: bytes) -> bytes | None:
    """The line with commas before a closing bracket removed, if that makes it parse (commas
    inside strings are left alone: the result must parse to be offered)."""
    fixed = TRAILING_COMMA.sub(rb"\1", raw)
    if fixed == raw:
        return None
    _, error = parse_line(fixed)
    return fixed if error is None else None


def fixes_for(finding: Finding, row: Row) -> list[Fix]:
    """The one-click fixes of a finding on ``row`` (none for most findings)."""
    if finding.code == "J005" and row.blank:
        return [Fix("Delete this blank line", delete=True)]
    if finding.code == "J002" and row.value is None:
        fixed = without_trailing_commas(row.raw)
        return [Fix("Remove the trailing comma", raw=fixed)] if fixed is not None else []
    make = VALUE_FIXES.get(finding.code)
    if make is None or row.value is None:
        return []
    return make(row.value, steps(finding.path))


def apply(document: Document, key: int, fix: Fix) -> None:
    """Make the fix on the row with ``key``, as one undo step."""
    if fix.delete:
        document.remove_rows([key], fix.label)
    elif fix.raw is not None:
        document.edit_raw(key, fix.raw, fix.label, merge="")
    elif fix.value is not None:
        document.edit_value(key, fix.value, fix.label)


def fix_everywhere(document: Document, code: str) -> int:
    """Apply the first fix of every finding of ``code`` in the file, as one undo step;
    returns how many rows changed."""
    workspace = document.workspace
    plans: list[tuple[int, Fix]] = []
    for finding in workspace.all_findings():
        if finding.code != code or not finding.line:
            continue
        key = workspace.keys[finding.line - 1]
        found = fixes_for(finding, workspace.row(key))
        if found and all(k != key for k, _ in plans):
            plans.append((key, found[0]))
    if not plans:
        return 0
    deletes = [key for key, fix in plans if fix.delete]
    document.undo.beginMacro(f"Fix {len(plans):,} × {code}")
    try:
        if deletes:
            document.remove_rows(deletes, f"Delete {len(deletes):,} lines")
        for key, fix in plans:
            if not fix.delete:
                apply(document, key, fix)
    finally:
        document.undo.endMacro()
    return len(plans)
