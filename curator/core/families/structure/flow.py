"""How the turns of a conversation flow: repeated roles, a late system message, a tail
after the last reply, nothing trained, no user at all, a first turn that is not the user's.
How severe each is depends on the trainer (profiles.py).

Written defensively: it runs on examples that may also have failed the schema.
"""

from __future__ import annotations

from typing import Any

from curator.core.families.structure.profiles import PROFILES, Rule
from curator.core.model.codes import make
from curator.core.model.findings import Finding

SYSTEM_ROLES = ("system", "developer")
UNPAIRED = ("tool", "function")  # several in a row answer several calls


class Flow:
    """The turn rules of one trainer profile, applied to lists of messages."""

    def __init__(self, profile: str = "openai") -> None:
        self.rules: dict[str, Rule] = PROFILES[profile]

    def finding(self, code: str, line: int, message: str, path: str, variant: str = ""
                ) -> Finding:
        rule = self.rules.get(f"{code}.{variant}") or self.rules[code]
        if rule.note:
            message = f"{message}; {rule.note}"
        return make(code, line, message, path, severity=rule.severity)

    def check(self, messages: list[Any], line: int, prefix: str = "messages", *,
              whole: bool = True) -> list[Finding]:
        """Structure findings for one list of messages; ``whole`` when it is the entire
        conversation (which should start with the user and end with the assistant)."""
        out = self._order(messages, line, prefix)
        replies = [m for m in messages if type(m) is dict and m.get("role") == "assistant"]
        if replies and all("weight" in m and m["weight"] == 0 for m in replies):
            out.append(self.finding("C004", line, (
                "every assistant message has weight 0, so nothing in this example is trained; "
                "set weight 1 on the reply to learn"), prefix))
        if whole:
            out.extend(self._whole(messages, replies, line, prefix))
        return out

    def _whole(self, messages: list[Any], replies: list[Any], line: int, prefix: str
               ) -> list[Finding]:
        """The rules about a whole conversation: its first turn, its users, its end."""
        out: list[Finding] = []
        roles = [m.get("role") if type(m) is dict else None for m in messages]
        if "user" not in roles and any(isinstance(r, str) for r in roles):
            out.append(self.finding("C005", line, (
                "no user message: the example teaches replies to nothing the user said; add "
                "the user's message before the reply"), prefix))
        else:
            first = next((i for i, r in enumerate(roles) if r not in SYSTEM_ROLES), None)
            if first is not None and isinstance(roles[first], str) and roles[first] != "user":
                out.append(self.finding("C006", line, (
                    f"the conversation starts with {_a(roles[first])} message (message {first}) "
                    "where the user's turn belongs; start with the user's message"),
                    f"{prefix}[{first}].role"))
        if replies and roles[-1] != "assistant" and type(messages[-1]) is dict:
            out.append(self.finding("C003", line, (
                f"the conversation ends with {_a(roles[-1])} message, after the last assistant "
                "reply; nothing after the last reply is learned, so end with the assistant or "
                "drop the tail"), f"{prefix}[{len(messages) - 1}]",
                variant=roles[-1] if isinstance(roles[-1], str) else ""))
        return out

    def _order(self, messages: list[Any], line: int, prefix: str) -> list[Finding]:
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
                    out.append(self.finding("C002", line, (
                        f"{_a(role)} message at position {i}, after the conversation started; "
                        "move it to the start"), f"{prefix}[{i}].role"))
            else:
                started = True
            if role == prev_role and role not in UNPAIRED and isinstance(role, str):
                out.append(self.finding("C001", line, (
                    f"two {role} messages in a row (messages {i - 1} and {i}); merge them or "
                    "insert the missing turn"), f"{prefix}[{i}].role"))
            prev_role = role
        return out


def _a(role: Any) -> str:
    """``a user``, ``an assistant``."""
    word = str(role)
    return f"an {word}" if word and word[0].lower() in "aeiou" else f"a {word}"
