"""The tools family: tool calls against the functions an example declares (jsonschema), and
their results (U001-U007; S016 and S022, which keep their codes). See docs/tools.md.

Most rows have no tools and no calls: for them the check is one pass over the messages
looking for a ``tool_calls`` key or a ``tool`` role.
"""

from __future__ import annotations

from typing import Any

from curator.core.families.protocol import Family, RowCheck, RowContext, Run
from curator.core.families.tools.calls import Turns
from curator.core.families.tools.codes import CODES
from curator.core.families.tools.declared import Declared, declared
from curator.core.model.codes import make
from curator.core.model.findings import Finding
from curator.core.model.parts import conversations, get_at, tools_of
from curator.core.model.shapes import Shape

IDS_REQUIRED = (Shape.OPENAI_CHAT, Shape.OPENAI_PREFERENCE)  # the schema requires tool_call_id
MESSAGES_ONLY = (Shape.OPENAI_CHAT, Shape.TRL_MESSAGES)  # an example is `messages` (+ tools)


def _has_tool_turns(messages: list[Any]) -> bool:
    for message in messages:
        if type(message) is dict and ("tool_calls" in message or message.get("role") == "tool"):
            return True
    return False


class ToolCheck(RowCheck):
    def row(self, ctx: RowContext) -> None:
        value, shape = ctx.value, ctx.shape
        if shape in MESSAGES_ONLY:  # the common case, without the generic walk of parts
            messages = value.get("messages")
            tools = value.get("tools")
            if tools is None and (type(messages) is not list or not _has_tool_turns(messages)):
                return
        else:
            tools = tools_of(value, shape)
        known = declared(tools) if tools is not None and tools != [] else None
        broken: dict[int, str] = {}
        for path, messages, _ in conversations(value, shape):
            if _has_tool_turns(messages):
                turns = Turns(ctx.line, path, known, shape in IDS_REQUIRED,
                              parallel=_parallel(value, shape))
                turns.walk(messages)
                ctx.findings.extend(turns.out)
                broken.update(turns.broken)
        if known is not None and (known.problems or broken):
            ctx.findings.extend(_schema_findings(known, broken, ctx.line, shape))


def _parallel(value: dict[str, Any], shape: Shape) -> bool:
    """False when the example forbids several calls in one turn."""
    key = "input.parallel_tool_calls" if shape is Shape.OPENAI_PREFERENCE else \
        "parallel_tool_calls"
    return get_at(value, key) is not False


def _schema_findings(known: Declared, broken: dict[int, str], line: int, shape: Shape
                     ) -> list[Finding]:
    prefix = "input.tools" if shape is Shape.OPENAI_PREFERENCE else "tools"
    problems = dict(known.problems)  # found at the definition, or at a call (a $ref)
    problems.update({i: p for i, p in broken.items() if i not in problems})
    return [make("U004", line, (
        f"`parameters` is not a valid JSON Schema: {problem}; fix the schema (every call to "
        "this function is left unchecked until then)"), f"{prefix}[{index}].function.parameters")
        for index, problem in sorted(problems.items())]


class Tools(Family):
    name = "tools"
    codes = CODES
    doc = "docs/tools.md"

    def start(self, run: Run) -> RowCheck:
        return ToolCheck()


FAMILY = Tools()
