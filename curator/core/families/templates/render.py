"""Render a chat with a Jinja chat template as transformers does, with the character spans of
its ``{% generation %}`` blocks (the tokens TRL trains with ``assistant_only_loss``).

The environment is transformers' (``apply_chat_template``, version 5): Jinja's immutable
sandbox (templates are code from elsewhere), ``trim_blocks`` and ``lstrip_blocks``, loop
controls, a ``tojson`` that does not escape HTML, ``raise_exception``, ``strftime_now`` and a
``namespace`` that refuses private names. Keys whose value is None are dropped from every
message first, as transformers 5 does. Compiled templates are kept by their text.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from typing import Any

import jinja2
import jinja2.ext
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

Span = tuple[int, int]
_TRACKING: ContextVar[tuple[list[str], list[Span]] | None] = ContextVar(
    "curator_generation_spans", default=None)
MARKERS = re.compile(r"\{%-?\s*generation\s*-?%\}")  # as TRL looks for them


class GenerationSpans(jinja2.ext.Extension):
    """``{% generation %}...{% endgeneration %}``: the body's character span in the output."""

    tags = {"generation"}  # noqa: RUF012 - Jinja's own class attribute

    def parse(self, parser: Any) -> jinja2.nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        call = jinja2.nodes.CallBlock(self.call_method("_span"), [], [], body)
        node: jinja2.nodes.Node = call.set_lineno(lineno)
        return node

    def _span(self, caller: Any) -> str:
        body: str = caller()
        tracking = _TRACKING.get()
        if tracking is not None:
            blocks, spans = tracking
            start = sum(map(len, blocks))
            spans.append((start, start + len(body)))
        return body


class _Namespace(jinja2.utils.Namespace):
    """Jinja's namespace, refusing names that start with an underscore (as transformers)."""

    def __init__(*args: Any, **kwargs: Any) -> None:
        self, rest = args[0], args[1:]
        for name in dict(*rest, **kwargs):
            _check_name(name)
        jinja2.utils.Namespace.__init__(self, *rest, **kwargs)

    def __setitem__(self, name: str, value: Any) -> None:
        _check_name(name)
        jinja2.utils.Namespace.__setitem__(self, name, value)


def _check_name(name: Any) -> None:
    if isinstance(name, str) and name.startswith("_"):
        raise jinja2.exceptions.SecurityError(f"a namespace cannot hold {name!r}")


class _Dict:
    """``dict(...)`` and ``dict.fromkeys(...)`` for templates, without the class itself."""

    def __call__(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        return dict(*args, **kwargs)

    def fromkeys(self, *args: Any) -> dict[Any, Any]:
        return dict.fromkeys(*args)


def _raise(message: str) -> None:
    raise jinja2.exceptions.TemplateError(message)


def _tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None,
            separators: Any = None, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


def _now(form: str) -> str:
    return datetime.now().strftime(form)


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationSpans, jinja2.ext.loopcontrols])
    env.filters["tojson"] = _tojson
    env.globals.update(raise_exception=_raise, strftime_now=_now, dict=_Dict(),
                       namespace=_Namespace)
    return env


@cache
def compiled(source: str) -> jinja2.Template:
    """The template compiled once per process (raises jinja2.TemplateSyntaxError)."""
    return environment().from_string(source)


def has_markers(source: str) -> bool:
    return MARKERS.search(source) is not None


def render(template: jinja2.Template, messages: list[dict[str, Any]], tools: Any,
           variables: dict[str, Any]) -> tuple[str, list[Span]]:
    """The rendered chat and its generation spans (raises what the template raises)."""
    blocks: list[str] = []
    spans: list[Span] = []
    token = _TRACKING.set((blocks, spans))
    try:
        for block in template.generate(messages=messages, tools=tools, documents=None,
                                       add_generation_prompt=False, **variables):
            blocks.append(block)
    finally:
        _TRACKING.reset(token)
    return "".join(blocks), spans
