"""Tool calls and their results along one list of messages: ids (S022), results that answer
no call (S016) or a call twice (U006), calls left unanswered while the conversation goes on
(U005), several calls in a turn that forbids them (U007), and each call against the
functions the example declares (U001, U002, U003).

Written defensively: it runs on examples that may also have failed the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from curator.core.families.tools.declared import Declared, Function, clip, violations
from curator.core.model.codes import make
from curator.core.model.findings import Finding

MAX_VIOLATIONS = 5  # per call; the last one counts the rest


@dataclass
class Turns:
    """What one list of messages needs to know as it is walked."""

    line: int
    prefix: str
    declared: Declared | None  # None: the example declares no tools
    ids_required: bool  # OpenAI shapes: a tool message names the call it answers
    parallel: bool = True  # False: one call per turn
    out: list[Finding] = field(default_factory=list)
    call_ids: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    pending: list[tuple[str | None, str, str]] = field(default_factory=list)  # id, name, path
    undeclared_said: bool = False
    broken: dict[int, str] = field(default_factory=dict)  # tools index -> $ref problem

    def walk(self, messages: list[Any]) -> None:
        for i, message in enumerate(messages):
            if type(message) is not dict:
                continue
            role = message.get("role")
            where = f"{self.prefix}[{i}]"
            if role == "tool":
                self._result(message, where)
                continue
            if role == "function":
                continue
            self._goes_on(i)
            calls = message.get("tool_calls") if role == "assistant" else None
            if type(calls) is list and calls:
                self._calls(calls, where)

    def _goes_on(self, i: int) -> None:
        """Message ``i`` is not a tool result: calls still waiting for one never get it."""
        for call_id, name, path in self.pending:
            shown = f" (id {call_id!r})" if call_id else ""
            self.out.append(make("U005", self.line, (
                f"the call to `{name}`{shown} gets no tool result before the conversation "
                f"goes on at message {i}; add the `tool` message with its result right after "
                "the call, or end the example at the call (a call in the last message is a "
                "valid target)"), path))
        self.pending = []

    def _calls(self, calls: list[Any], where: str) -> None:
        if not self.parallel and len(calls) > 1:
            self.out.append(make("U007", self.line, (
                f"{len(calls)} tool calls in one turn, but the example sets "
                "`parallel_tool_calls: false`; make one call per assistant message, or set it "
                "to true"), f"{where}.tool_calls"))
        for j, call in enumerate(calls):
            if type(call) is not dict:
                continue
            path = f"{where}.tool_calls[{j}]"
            call_id = call.get("id")
            if isinstance(call_id, str):
                if call_id in self.call_ids:
                    self.out.append(make("S022", self.line, (
                        f"tool call id {call_id!r} is used twice; give every call its own id"),
                        f"{path}.id"))
                self.call_ids.add(call_id)
            function = call.get("function")
            name = function.get("name") if type(function) is dict else None
            if not isinstance(name, str):
                continue  # a malformed call is S014's
            self.pending.append((call_id if isinstance(call_id, str) else None, name, path))
            assert isinstance(function, dict)
            self._against_tools(name, function.get("arguments"), path)

    def _result(self, message: dict[str, Any], where: str) -> None:
        call_id = message.get("tool_call_id")
        if isinstance(call_id, str):
            if call_id not in self.call_ids:
                self.out.append(make("S016", self.line, (
                    f"`tool_call_id` {call_id!r} matches no tool call made by an earlier "
                    "assistant message; use the id of the call this message answers"),
                    f"{where}.tool_call_id"))
            elif call_id in self.answered:
                self.out.append(make("U006", self.line, (
                    f"a second result for the tool call {call_id!r}; every call gets exactly "
                    "one `tool` message: merge the two results or delete one"),
                    f"{where}.tool_call_id"))
            self.answered.add(call_id)
            self.pending = [p for p in self.pending if p[0] != call_id]
        elif self.ids_required:
            self.out.append(make("S016", self.line, (
                "a tool message needs `tool_call_id`: the id of the assistant tool call it "
                "answers" if call_id is None else
                f"`tool_call_id` must be a string, not {clip(_json(call_id), 60)}"),
                f"{where}.tool_call_id"))
            self.pending = self.pending[1:]
        else:  # TRL data may leave ids out: results answer the calls in order
            self.pending = self.pending[1:]

    def _against_tools(self, name: str, arguments: Any, path: str) -> None:
        declared = self.declared
        if declared is None:
            if not self.undeclared_said:
                self.undeclared_said = True
                self.out.append(make("U002", self.line, (
                    f"a call to `{name}`, but the example declares no `tools`: the model "
                    "learns to call a function its prompt never shows; add the definitions "
                    'as "tools": [{"type": "function", "function": {"name": ..., '
                    '"parameters": {...}}}]'), f"{path}.function.name"))
            return
        if not declared.readable:
            return
        function = declared.functions.get(name)
        if function is None:
            known = _names(list(declared.functions))
            self.out.append(make("U001", self.line, (
                f"a call to `{name}`, which `tools` does not declare (declared: {known}); "
                "fix the name or add its definition to `tools`"), f"{path}.function.name"))
            return
        self._arguments(name, function, arguments, f"{path}.function.arguments")

    def _arguments(self, name: str, function: Function, arguments: Any, path: str) -> None:
        args, text = _decoded(arguments)
        if not isinstance(args, dict):
            return  # not a JSON object: S015 says so
        if not function.parameters:
            if args:
                self.out.append(make("U003", self.line, (
                    f"`{name}` declares no `parameters` (a function without arguments), but "
                    f"the call passes {', '.join(f'`{k}`' for k in args)}; declare them or "
                    "drop them"), path))
            return
        if function.validator is None:
            return  # its `parameters` is not a schema (S019, U004)
        found = violations(function, args, text)
        if isinstance(found, str):
            self.broken[function.index] = found
            return
        for n, (at, schema_at, what) in enumerate(found[:MAX_VIOLATIONS], 1):
            message = (f"the arguments of `{name}` break its declared parameters at {at}: "
                       f"{clip(what)} (parameters schema: {schema_at}); fix the value or the "
                       "function's `parameters`")
            if n == MAX_VIOLATIONS and len(found) > n:
                message += f" ({len(found) - n} more)"
            self.out.append(make("U003", self.line, message, path))


def _decoded(arguments: Any) -> tuple[Any, str | bytes]:
    """The arguments as a value and as JSON text: a JSON string (OpenAI) decoded, an object
    (TRL) encoded; (None, "") when they are neither."""
    try:
        if isinstance(arguments, str):
            return orjson.loads(arguments), arguments
        return arguments, orjson.dumps(arguments)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError, TypeError):
        return None, ""


def _names(names: list[str], shown: int = 8) -> str:
    """``get_order``, ``cancel_order`` ... and 3 more (a `tools` list can be long)."""
    listed = ", ".join(f"`{n}`" for n in names[:shown]) or "none"
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _json(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        return repr(value)
