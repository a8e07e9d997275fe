"""How the turns of a conversation flow: repeated roles, a late system message, a tail
after the last reply, nothing trained.

Written defensively: it runs on examples that may also have failed the schema.
"""

from __future__ import annotations

from typing import Any

from curator.core.model.codes import make
from curator.core.model.findings import Finding

SYSTEM_ROLES = ("system", "developer")
UNPAIRED = ("tool", "function")  # several in a row answer several calls


def check_flow(messages: list[Any], line: int, prefix: str = "messages", *,
               whole: bool = True) -> list[Finding]:
    """Structure findings for one list of messages; ``whole`` when it is the entire
    conversation (which should end with the assistant)."""
    out = _order(messages, line, prefix)
    replies = [m for m in messages if type(m) is dict and m.get("role") == "assistant"]
    if replies and all("weight" in m and m["weight"] == 0 for m in replies):
        out.append(make("C004", line, (
            "every assistant message has weight 0, so nothing in this example is trained; "
            "set weight 1 on the reply to learn"), prefix))
    if whole and replies:
        last = messages[-1]
        if type(last) is dict and last.get("role") != "assistant":
            out.append(make("C003", line, (
                f"the conversation ends with a {last.get('role')} message, after the last "
                "assistant reply; nothing after the last reply is learned, so end with the "
                "assistant or drop the tail"), f"{prefix}[{len(messages) - 1}]"))
    return out


def _order(messages: list[Any], line: int, prefix: str) -> list[Finding]:
    """Two messages of one role in a row (C001); a system message after the start (C002)."""
    out: list[Finding] = []
    prev_role: Any = None
    started = False  # a user, assistant or tool message was seen
    for i, message in enumerate(messages):
        if type(message) is not dict:
            prev_role = None
            continue
        role = message.get("role")
        if role in SYSTEM_ROLES:
            if started:
                out.append(make("C002", line, (
                    f"a {role} message at position {i}, after the conversation started; "
                    "move it to the start"), f"{prefix}[{i}].role"))
        else:
            started = True
        if role == prev_role and role not in UNPAIRED and isinstance(role, str):
            out.append(make("C001", line, (
                f"two {role} messages in a row (messages {i - 1} and {i}); merge them or "
                "insert the missing turn"), f"{prefix}[{i}].role"))
        prev_role = role
    return out
