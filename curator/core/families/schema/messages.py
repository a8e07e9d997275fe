"""Rules across the messages of one list that a schema cannot express (empty content, a
missing reply); how the turns flow is the structure family's, tool calls and their results
the tools family's.

Written defensively: they run on examples that may also have failed the schema.
"""

from __future__ import annotations

from typing import Any

from curator.core.model.codes import make
from curator.core.model.findings import Finding

ROLES = ("system", "developer", "user", "tool")


def _is_empty(content: Any) -> bool:
    if type(content) is str:
        return not content or content.isspace()
    if isinstance(content, list):
        if not content:
            return True
        texts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"]
        images = [p for p in content if isinstance(p, dict) and p.get("type") == "image_url"]
        return not images and all(isinstance(t, str) and (not t or t.isspace()) for t in texts)
    return False


def check_messages(messages: list[Any], line: int, prefix: str = "messages", *,
                   require_assistant: bool = True) -> list[Finding]:
    """Semantic findings for one list of messages; ``require_assistant`` for a whole
    conversation (a chat example), which must have a reply to learn.

    This runs on every example, so the clean path is kept tight: paths and messages are only
    formatted once something is wrong.
    """
    out: list[Finding] = []
    has_assistant = False
    for i, message in enumerate(messages):
        if type(message) is not dict:
            continue
        role = message.get("role")
        content = message.get("content")
        if role == "assistant":
            has_assistant = True
            _reply(message, content, line, f"{prefix}[{i}]", out)
        elif role == "function":
            out.append(make("S005", line, (
                "role `function` is deprecated; use an assistant `tool_calls` entry and a "
                "`tool` message with its `tool_call_id`"), f"{prefix}[{i}].role"))
        if role != "assistant" and role != "function" and role in ROLES and _is_empty(content):
            out.append(make("S010", line, (
                f"the {role} message has empty content; write its text or delete the message"),
                f"{prefix}[{i}].content"))
    if require_assistant and messages and not has_assistant:
        out.append(make("S018", line, (
            "no assistant message: there is nothing to train on; add the reply the model "
            "should learn"), prefix))
    return out


def _reply(message: dict[str, Any], content: Any, line: int, where: str,
           out: list[Finding]) -> None:
    if message.get("tool_calls"):
        return
    if content is None:
        out.append(make("S017", line, (
            "assistant `content` is missing or null and there are no `tool_calls`; "
            "write the reply in `content`"), f"{where}.content"))
    elif _is_empty(content):
        out.append(make("S010", line, (
            "the assistant reply is empty; write the reply or delete the message"),
            f"{where}.content"))


def check_tools(tools: Any, line: int, prefix: str = "tools") -> list[Finding]:
    """Each function's `parameters` must be a JSON Schema of an object."""
    out: list[Finding] = []
    if not isinstance(tools, list):
        return out
    for i, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict):
            continue
        params = function.get("parameters")
        if isinstance(params, dict) and params.get("type") != "object":
            out.append(make("S019", line, (
                'a function\'s `parameters` must be a JSON Schema with "type": "object", '
                f"not {params.get('type')!r}"), f"{prefix}[{i}].function.parameters"))
    return out
