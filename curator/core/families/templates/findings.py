"""The templates family's findings about one example: what the template drops, what is
trained, what ``max_length`` cuts, and a template that fails."""

from __future__ import annotations

from typing import Any

from curator.core.families.templates.drops import dropped_calls, dropped_messages, drops_tools
from curator.core.families.templates.example import Messages, Rendered, Templater
from curator.core.families.templates.fast import Drops
from curator.core.model.codes import make
from curator.core.model.findings import Finding


def drops(templater: Templater, line: int, rendered: Rendered, messages: Messages,
          tools: Any) -> list[Finding]:
    known = rendered.drops
    if known is None:
        text = rendered.text
        known = Drops(list(dropped_messages(templater, text, messages, tools)),
                      list(dropped_calls(templater, text, messages, tools)),
                      drops_tools(templater, text, messages, tools))
    if not (known.messages or known.calls or known.tools):
        return []
    return _dropped(templater.setup.template_name, line, known, messages)


def _dropped(name: str, line: int, known: Drops, messages: Messages) -> list[Finding]:
    out = [make("M001", line, (
        f"the chat template ({name}) leaves this message's tool calls out: TRL trains the "
        "reply without them, so the model never learns to make the call; use a template "
        "that renders tool calls (Llama 3.1, Qwen 2.5) or drop the example"),
        f"messages[{i}].tool_calls") for i in known.calls]
    for i in known.messages:
        role = messages[i].get("role")
        fix = ("write it as a system message" if role == "developer" else
               "give it a role the template renders")
        out.append(make("M002", line, (
            f"the chat template ({name}) leaves this {role} message out of the text TRL "
            f"trains on; {fix}, or use a template that knows {role!r}"), f"messages[{i}]"))
    if known.tools:
        out.append(make("M003", line, (
            f"the chat template ({name}) leaves the tool definitions out: the model is "
            "trained without seeing the tools it may call; use a template with tool support"),
            "tools"))
    return out


def trained(templater: Templater, line: int, rendered: Rendered, messages: Messages
            ) -> list[Finding]:
    out: list[Finding] = []
    setup = templater.setup
    if setup.markers and rendered.trained == 0:
        out.append(make("M004", line, (
            f"no token of this example is trained: the chat template ({setup.template_name}) "
            "marks no assistant text in it, and TRL's assistant_only_loss stops on such an "
            "example; give it an assistant reply"), "messages"))
    missing = rendered.open_ends
    if missing:
        turns = [i for i, m in enumerate(messages) if m.get("role") == "assistant"]
        at = turns[missing[0]] if len(turns) == len(rendered.turns) else None
        out.append(make("M005", line, (
            f"the end-of-turn token {setup.end_of_turn} of {len(missing)} assistant turn"
            f"{'s' if len(missing) > 1 else ''} is not trained: the model does not learn to "
            "stop; put it inside {% generation %} in the chat template"),
            f"messages[{at}]" if at is not None else "messages"))
    out.extend(_cut(templater, line, rendered))
    return out


def _cut(templater: Templater, line: int, rendered: Rendered) -> list[Finding]:
    if not rendered.lost:
        return []
    limit = templater.max_length
    last = rendered.turns[-1][1]
    if rendered.lost == rendered.trained:
        return [make("M007", line, (
            f"{rendered.total:,} tokens: all {rendered.trained:,} trained tokens lie beyond "
            f"max_length {limit:,}, so TRL cuts them and trains nothing on this example; "
            f"shorten what comes before the answer or set max_length to {last:,} or more"),
            "messages")]
    return [make("M006", line, (
        f"{rendered.total:,} tokens, over max_length {limit:,}: TRL cuts the last "
        f"{rendered.lost:,} of its {rendered.trained:,} trained tokens; shorten it, split the "
        f"conversation or set max_length to {last:,} or more"), "messages")]


def cannot_render(templater: Templater, line: int, error: Exception, messages: Messages
                  ) -> Finding:
    what = str(error) or type(error).__name__
    parts = next((i for i, m in enumerate(messages) if isinstance(m.get("content"), list)),
                 None)
    if isinstance(error, TypeError) and parts is not None:
        return make("M008", line, (
            f"the chat template ({templater.setup.template_name}) takes text only, and this "
            f"message's content is a list of parts ({what}); TRL stops on it too: give the "
            "text as a string, or use a vision model and its template"),
            f"messages[{parts}].content")
    return make("M008", line, (
        f"the chat template ({templater.setup.template_name}) cannot render this example: "
        f"{what}; TRL stops on it too: fix the example or the template"), "messages")
