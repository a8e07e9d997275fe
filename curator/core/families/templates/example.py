"""One example rendered with the chat template and tokenized: its tokens, the tokens TRL
trains (the assistant mask), and what ``max_length`` cuts.

The example is first made what a TRL file holds (what ``curator-cli export --to
trl-messages`` writes): tool-call ``arguments`` parsed into objects, ``function`` messages as
``tool`` messages, ``tools`` parsed when it is a JSON string (as TRL's SFTTrainer does).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from curator.core.families.templates.fast import Declined, Drops, Piece, Pieces, fast_renderer
from curator.core.families.templates.render import compiled, render
from curator.core.families.templates.setup import Setup
from curator.core.families.templates.tokenizers import ChatTokenizer, Encoded

Messages = list[dict[str, Any]]


@dataclass
class Rendered:
    """An example as TRL sees it: its text, its token count, the token ranges TRL trains
    (one per trained turn), the trained tokens ``max_length`` cuts, and the trained turns
    whose end-of-turn token is not trained (when the text holds that token at all)."""

    text: str
    total: int
    turns: list[tuple[int, int]]
    lost: int = 0
    open_ends: list[int] = field(default_factory=list)
    encoded: Encoded | None = None  # every token and its place (the app; tests)
    drops: Drops | None = None  # what the template left out, when the renderer knows

    @property
    def trained(self) -> int:
        return sum(stop - first for first, stop in self.turns)


def _arguments(call: Any) -> Any:
    function = call.get("function") if isinstance(call, dict) else None
    if not isinstance(function, dict) or not isinstance(function.get("arguments"), str):
        return call
    try:
        parsed = json.loads(function["arguments"])
    except ValueError:
        return call
    return {**call, "function": {**function, "arguments": parsed}}


def _message(message: dict[str, Any]) -> dict[str, Any]:
    """A message as TRL's file holds it (copied only when it changes)."""
    calls = message.get("tool_calls")
    if (None not in message.values() and message.get("role") != "function"
            and not isinstance(calls, list)):
        return message
    out = {key: value for key, value in message.items() if value is not None}
    if out.get("role") == "function":
        out["role"] = "tool"
    if isinstance(calls, list):
        out["tool_calls"] = [_arguments(call) for call in calls]
    return out


def prepared(value: dict[str, Any]) -> tuple[Messages, Any] | None:
    """The example's messages and tools as the template sees them; None when it has no
    list of message objects."""
    messages = value.get("messages")
    if type(messages) is not list or not messages or not all(
            type(m) is dict for m in messages):
        return None
    tools = value.get("tools")
    if isinstance(tools, str):
        with contextlib.suppress(ValueError):
            tools = json.loads(tools)
    return [_message(m) for m in messages], tools


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for first, stop in ranges:
        if stop <= first:
            continue
        if out and first <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((first, stop))
    return out


class Templater:
    """Renders and tokenizes examples with one setup (one per chunk; nothing per row but
    the example's own work)."""

    def __init__(self, setup: Setup) -> None:
        assert setup.template is not None
        self.setup = setup
        self.template = compiled(setup.template)
        self.tokenizer = setup.tokenizer
        self.variables = setup.variables
        self.end_of_turn = setup.tokenizer.token_id(setup.end_of_turn)
        self.max_length = setup.max_length
        self.fast = fast_renderer(setup.template) if setup.tokenizer.pieces else None

    def _pieces(self, messages: Messages, tools: Any) -> Pieces | None:
        if self.fast is None:
            return None
        try:
            return self.fast(messages, tools, self.variables)
        except Declined:
            return None

    def text(self, messages: Messages, tools: Any) -> str:
        """The rendered text (raises what the template raises)."""
        pieces = self._pieces(messages, tools)
        if pieces is not None:
            return "".join(text for text, _ in pieces.done())
        return render(self.template, messages, tools, self.variables)[0]

    def count(self, messages: Messages, tools: Any) -> Rendered:
        """The example's text and counts, the fast way (raises what the template raises)."""
        pieces = self._pieces(messages, tools)
        if pieces is None:
            return self.rendered(messages, tools, keep=False)
        found = by_pieces(self.tokenizer, pieces.done(), self.end_of_turn)
        found.drops = pieces.drops
        return self._finish(found)

    def rendered(self, messages: Messages, tools: Any, keep: bool = True) -> Rendered:
        """The example rendered by Jinja and tokenized whole, every token kept (``keep``):
        the reference the fast way is tested against, and what the app shows."""
        text, spans = render(self.template, messages, tools, self.variables)
        encoded = self.tokenizer.encode_chat(text)
        total = len(encoded.ids)
        if self.setup.markers:
            turns = merged([encoded.token_range(s, e) for s, e in spans if e > s])
        else:
            turns = [(0, total)] if total else []
        eot, ids = self.end_of_turn, encoded.ids
        ends = [k for k, (first, stop) in enumerate(turns) if eot not in ids[first:stop]] if (
            eot is not None and self.setup.markers and eot in ids) else []
        return self._finish(Rendered(text, total, turns, 0, ends, encoded if keep else None))

    def _finish(self, rendered: Rendered) -> Rendered:
        limit = self.max_length
        if limit and rendered.total > limit:
            rendered.lost = sum(max(0, stop - max(first, limit))
                                for first, stop in rendered.turns)
        return rendered


def by_pieces(tokenizer: ChatTokenizer, pieces: list[Piece], end_of_turn: int | None
              ) -> Rendered:
    """Count a chat piece by piece (each piece tokenizes on its own): a run of trained
    pieces is a trained turn. The hot path of an open model's check: locals, no calls for a
    piece whose tokens are remembered."""
    remembered = tokenizer.memo.get
    encode = tokenizer.encode_ordinary
    marker = tokenizer.marker
    at = 0
    turns: list[tuple[int, int]] = []
    ended: list[bool] = []  # per trained turn: its end-of-turn token is trained
    start = -1
    seen = False  # the end-of-turn token is in the text
    for text, trained in pieces:
        if trained != (start >= 0):
            if trained:
                start = at
                ended.append(False)
            else:
                turns.append((start, at))
                start = -1
        if marker is not None and marker not in text:
            ids = remembered(text)
            at += len(encode(text) if ids is None else ids)
            continue
        count, added = tokenizer.count_with_added(text)
        at += count
        if end_of_turn in added:
            seen = True
            if trained:
                ended[-1] = True
    if start >= 0:
        turns.append((start, at))
    open_ends = [k for k, done in enumerate(ended) if not done] if seen else []
    return Rendered("", at, turns, 0, open_ends)
