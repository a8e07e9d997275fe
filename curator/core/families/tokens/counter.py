"""Offline tiktoken encodings and the chat token formula.

The encoding files ship in ``resources/tokenizers`` (gzip) and are checked at load against the
sha256 that tiktoken itself expects; the regex and special tokens come from tiktoken's own
``tiktoken_ext.openai_public`` definitions, so nothing here is a copy that could drift and
nothing touches the network.

Chat formula (OpenAI's documented estimate, extended for tools; see docs/tokens.md):

- every message: 3 tokens, plus the tokens of its role, its content and, if present, its name
  and 1 more for the name;
- content parts: text parts count their text, each image part counts 85 tokens (the fixed
  cost of a low-detail image; high-detail images cost more and are not sized here);
- each assistant tool call: the tokens of its function name and arguments, plus 3;
- ``tools``: the tokens of the compact JSON of the tool definitions, once per example;
- every example: 3 more tokens that prime the reply.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import orjson
import tiktoken

from curator.core.model.cache import cached_ranks
from curator.core.model.parts import parts, tools_of
from curator.core.model.resources import resource_path
from curator.core.model.shapes import Shape
from curator.core.model.targets import ENCODINGS
from curator.core.model.tiktoken_defs import definition

ID_CODE = "I"  # token ids kept for other families: uint32 (``array``), as tiktoken gives them
PER_MESSAGE = 3
PER_NAME = 1
PER_TOOL_CALL = 3
PRIMING = 3
IMAGE_TOKENS = 85
ROLE_GROUPS = {"system": "system", "developer": "system", "user": "user",
               "assistant": "assistant", "tool": "tool", "function": "tool"}
COLUMNS = ("system", "user", "assistant", "tool", "tools")
ROLES = COLUMNS  # the per-role token columns, as the views call them
TOOLS_COUNTED = (Shape.OPENAI_CHAT, Shape.TRL_MESSAGES, Shape.OPENAI_PREFERENCE)


class Encoder(Protocol):
    """What a counter counts with: a tiktoken encoding, or an open model's tokenizer."""

    name: str

    def encode_ordinary(self, text: str) -> list[int]: ...


class TokenizerError(RuntimeError):
    """A shipped tokenizer file is missing or does not match its expected hash."""


def _read_ranks(name: str, expected_hash: str | None) -> dict[bytes, int]:
    """The ranks of a shipped encoding: decoded once, then read from the user's cache (its
    file named after tiktoken's expected hash, its content checked by its own sha256)."""
    # only ranks checked against tiktoken's hash are worth keeping
    return cached_ranks(f"tokenizers/{name}-{(expected_hash or 'unchecked')[:16]}.marshal",
                        lambda: _decode_ranks(name, expected_hash), keep=bool(expected_hash))


def _decode_ranks(name: str, expected_hash: str | None) -> dict[bytes, int]:
    path = resource_path("tokenizers", f"{name}.tiktoken.gz")
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise TokenizerError(
            f"{path}: cannot read the {name} tokenizer ({exc}); reinstall Curator"
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    if expected_hash and digest != expected_hash:
        raise TokenizerError(
            f"{path}: sha256 {digest} does not match tiktoken's expected {expected_hash}; "
            "the file is corrupt or not the official encoding: reinstall Curator"
        )
    return {
        base64.b64decode(token): int(rank)
        for token, rank in (line.split() for line in data.splitlines() if line)
    }


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding ``name``, built from the shipped file (never downloaded)."""
    if name not in ENCODINGS:
        raise TokenizerError(f"unknown encoding {name!r}; Curator ships {', '.join(ENCODINGS)}")

    def local_loader(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        return _read_ranks(name, expected_hash)

    # tiktoken's own definition, with our loader in place of its download
    return tiktoken.Encoding(**definition(name, local_loader))


USER, ASSISTANT, TOOLS = (COLUMNS.index(c) for c in ("user", "assistant", "tools"))
# where a captured text was: ((part key, the part is a plain string), message index, role,
# tokens); its ids follow those of the segments before it in ``TokenCounter.captured``
Segment = tuple[tuple[str, bool], int, str, int]
_COLUMN_OF = {role: COLUMNS.index(group) for role, group in ROLE_GROUPS.items()}


@dataclass(slots=True)
class ExampleTokens:
    """Token counts of one example."""

    total: int = 0
    trained: int = 0
    messages: int = 0
    roles: list[int] = field(default_factory=lambda: [0] * len(COLUMNS))  # in COLUMNS order
    shortest_reply: int = -1  # content tokens of the shortest trained text reply; -1 if none
    shortest_reply_at: int = -1  # its message index

    @property
    def by_role(self) -> dict[str, int]:
        """Tokens per role group, for the groups the example has."""
        return {role: n for role, n in zip(COLUMNS, self.roles, strict=True) if n}


class TokenCounter:
    """Counts tokens with one encoding; repeated texts (system prompts) are counted once."""

    def __init__(self, encoding: str | Encoder = "o200k_base", cache_size: int = 20_000
                 ) -> None:
        self.encoding: Encoder = get_encoding(encoding) if isinstance(encoding, str) else encoding
        self._encode = self.encoding.encode_ordinary
        self._capture = (_buffered(self, self.encoding) if isinstance(
            self.encoding, tiktoken.Encoding) else self._capture_list)
        self._cache: dict[str, int] = {}
        self._cache_size = cache_size
        # a known role's (tokens, column), looked up once per message
        self._roles = {role: (len(self._encode(role)), column)
                       for role, column in _COLUMN_OF.items()}
        self.capture: frozenset[str] = frozenset()  # roles whose token ids are kept
        self.captured = array(ID_CODE)  # ids of the captured texts of the last example
        self.segments: list[Segment] = []  # where each captured text was, in order
        self._where: tuple[str, bool] = ("messages", False)  # the part being counted

    def forget(self) -> None:
        """Drop the cache: each check starts afresh, so its work (and time) does not depend
        on what the process counted before, and an idle worker holds no texts."""
        self._cache.clear()

    def count(self, text: str) -> int:
        cached = self._cache.get(text)
        return self._encode_new(text) if cached is None else cached

    def _encode_new(self, text: str) -> int:
        """Count a text not in the cache, and remember it."""
        n = len(self._encode(text))
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[text] = n
        return n

    def _capture_list(self, text: str) -> int:
        """Encode ``text``, keep its ids in ``captured`` and return how many there are."""
        ids = self._encode(text)
        self.captured.extend(ids)
        return len(ids)

    def _content(self, content: Any) -> int:
        if isinstance(content, str):
            return self.count(content)
        n = 0
        if isinstance(content, list):
            for part in content:
                if isinstance(part, dict):
                    if part.get("type") == "image_url":
                        n += IMAGE_TOKENS
                    elif isinstance(text := part.get("text"), str):
                        n += self.count(text)
        return n

    def _extras(self, message: dict[str, Any]) -> int:
        """Tokens of a message's name and tool calls."""
        n = 0
        name = message.get("name")
        if isinstance(name, str):
            n += self.count(name) + PER_NAME
        calls = message.get("tool_calls")
        if isinstance(calls, list):
            n += self._calls(calls)
        return n

    def _calls(self, calls: list[Any]) -> int:
        n = 0
        for call in calls:
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                n += PER_TOOL_CALL
                for key in ("name", "arguments"):
                    value = function.get(key)
                    if isinstance(value, str):
                        n += self.count(value)
                    elif value is not None:
                        n += self._json(value)
        return n

    def _json(self, value: Any) -> int:
        try:
            return self.count(orjson.dumps(value).decode())
        except (TypeError, orjson.JSONEncodeError):  # nested past orjson's limit
            return 0

    def conversation(self, messages: Any, out: ExampleTokens, trained: bool = True) -> None:
        """Add a list of messages to ``out``; assistant replies count as trained unless
        ``trained`` is False or their weight is 0.

        The hot path of token counting: one pass per message, the common case (a known role
        and string content) without a call, a role's tokens and column found in one lookup,
        sums kept in locals.
        """
        if not isinstance(messages, list):
            return
        roles = out.roles
        known_roles = self._roles
        capture = self.capture
        cache = self._cache
        total = count = learned = 0
        shortest, shortest_at = out.shortest_reply, out.shortest_reply_at
        for i, message in enumerate(messages):
            if type(message) is not dict:
                continue
            role = message.get("role")
            content = message.get("content")
            known = known_roles.get(role) if type(role) is str else None
            if known is not None:
                n, column = known
            else:  # another string is counted as itself; anything else as no role
                n, column = (self.count(role) if isinstance(role, str) else 0), USER
            if type(content) is not str:
                text = self._content(content)
            elif capture and known is not None and role in capture:
                text = self._capture(content)  # ids kept for near-duplicate shingles
                self.segments.append((self._where, i, role, text))
            else:
                cached = cache.get(content)
                text = self._encode_new(content) if cached is None else cached
            n += PER_MESSAGE + text
            if "name" in message or "tool_calls" in message:
                n += self._extras(message)
            total += n
            count += 1
            roles[column] += n
            if column == ASSISTANT and trained and message.get("weight", 1) != 0:
                learned += n
                if (shortest < 0 or text < shortest) and not message.get("tool_calls"):
                    shortest, shortest_at = text, i
        out.total += total
        out.messages += count
        out.trained += learned
        out.shortest_reply, out.shortest_reply_at = shortest, shortest_at

    def tools(self, tools: Any, out: ExampleTokens) -> None:
        if isinstance(tools, list) and tools:
            n = self._json(tools)
            out.total += n
            out.roles[TOOLS] += n

    def text(self, text: Any, role: str, out: ExampleTokens, trained: bool) -> None:
        """A plain-text field (TRL prompt/completion) counted as a message of ``role``."""
        self.conversation([{"role": role, "content": text}], out, trained)

    def example(self, value: dict[str, Any], shape: Shape) -> ExampleTokens:
        """Token counts of one example of ``shape``: each of its parts (a list of messages,
        or a plain text counted as one message of the part's role), then its tools."""
        out = ExampleTokens()
        if self.capture:
            self.captured = array(ID_CODE)
            self.segments = []
        for spec, part in parts(value, shape):
            self._where = (spec.key, isinstance(part, str))
            if isinstance(part, str):
                if spec.text:
                    self.text(part, spec.role, out, spec.trained)
            else:
                self.conversation(part, out, trained=spec.trained)
        tools = tools_of(value, shape) if shape in TOOLS_COUNTED else None
        if tools is not None:
            self.tools(tools, out)
        if out.messages:
            out.total += PRIMING
        return out


def _buffered(counter: TokenCounter, encoding: tiktoken.Encoding) -> Callable[[str], int]:
    """``counter._capture_list`` through tiktoken's buffer: the same ids (no special token is
    allowed, so the text is encoded as ``encode_ordinary`` does) without a Python int per
    token, and no conversion: tiktoken's ids are uint32 as the ``captured`` array is
    (measured 10-20% less time for the captured texts)."""
    to_numpy = encoding.encode_to_numpy

    def capture(text: str) -> int:
        try:
            ids = to_numpy(text, disallowed_special=())
        except UnicodeEncodeError:  # a lone surrogate: encode_ordinary knows what to do
            return counter._capture_list(text)
        counter.captured.frombytes(ids.tobytes())
        return len(ids)

    return capture


_COUNTERS = threading.local()


def counter_for(encoding: str | Encoder) -> TokenCounter:
    """One counter per encoding per thread, so its cache serves every chunk; a counter keeps
    per-call state (what to capture), so threads (the app's checks) never share one."""
    counters: dict[Any, TokenCounter] = _COUNTERS.__dict__.setdefault("by_encoding", {})
    key = encoding if isinstance(encoding, str) else (encoding.name, id(encoding))
    if key not in counters:
        counters[key] = TokenCounter(encoding)
    return counters[key]
