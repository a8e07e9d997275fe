"""What makes two examples the same: their content, with runs of whitespace folded.

An example's identity is everything it trains on, of the shape its own keys speak for
(curator/core/model/parts.py): every part (the rejected answer of a preference pair too),
every message whole (role, text, image URLs, name, weight, tool calls) and its tool
definitions. Strings have runs of whitespace folded, so examples that differ only in spacing
are the same. An example with no content at all (a broken row) has no identity: it is never
anyone's duplicate.

The prompt/answer split (one prompt answered two ways, D002) uses the parts that make the
conversation: everything before the last assistant reply, with the tools, and that reply.
"""

from __future__ import annotations

import hashlib
from typing import Any

from curator.core.model.parts import own_parts, tools_of_row
from curator.core.model.spaces import fold_spaces

_OPEN, _CLOSE = "\x02", "\x03"


def canonical(value: Any) -> str:
    """A string that is equal for two values exactly when they are equal up to runs of
    whitespace in their strings (keys sorted; iterative, so any nesting depth is fine)."""
    if type(value) is dict:
        flat = _flat(value)
        if flat is not None:
            return flat
    return _canonical(value)


def _flat(message: dict[str, Any]) -> str | None:
    """:func:`canonical` of a dict whose values are all strings (most messages: a role and a
    text), made in one expression; None for any other dict."""
    try:
        return _OPEN + "d" + "".join([f"k{key}\x1fs{fold_spaces(message[key])}\x1f"
                                      for key in sorted(message)]) + _CLOSE
    except (AttributeError, TypeError):  # a value that is not a string
        return None


def _canonical(value: Any) -> str:
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append("s" + fold_spaces(item) + "\x1f")
        elif isinstance(item, dict):
            out.append(_OPEN + "d")
            stack.append(_Close)
            for key in sorted(item, reverse=True):
                stack.append(item[key])
                stack.append(_Key(key))
        elif isinstance(item, list):
            out.append(_OPEN + "l")
            stack.append(_Close)
            stack.extend(reversed(item))
        elif item is _Close:
            out.append(_CLOSE)
        elif isinstance(item, _Key):
            out.append("k" + item.name + "\x1f")
        else:
            out.append(f"v{item!r}\x1f")  # numbers, true, false, null
    return "".join(out)


class _Key:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


_Close = object()


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every worker process; 0 is never returned."""
    return _as_int(_digest(text))


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _as_int(digest: bytes) -> int:
    return int.from_bytes(digest[:8], "little", signed=True) or 1


def fingerprints(value: dict[str, Any]) -> tuple[int, int, int]:
    """(whole example, prompt, answer) fingerprints; 0 where there is nothing to hash. Each
    message is put in canonical form and hashed once (128 bits); the three fingerprints are
    taken over those digests, so no text is encoded or hashed twice."""
    whole = hashlib.blake2b(digest_size=8)
    conversation: list[tuple[bytes, bool]] = []  # a message's digest, is an assistant reply
    for spec, part in own_parts(value):
        whole.update(f"\x01{spec.key}\x04".encode())
        if isinstance(part, str):
            part = [{"role": spec.role, "content": part}]
        if not isinstance(part, list):
            whole.update(_digest(canonical(part)))
            continue
        digests = [_digest(canonical(message)) for message in part]
        whole.update(b"".join(digests))
        whole.update(b"\x05")
        if spec.identity:
            conversation.extend(
                (digest, isinstance(m, dict) and m.get("role") == "assistant")
                for digest, m in zip(digests, part, strict=True))
    if not conversation:  # nothing to train on: a broken row is nobody's duplicate
        return 0, 0, 0
    tools = _digest(canonical(tools_of_row(value)))
    whole.update(tools)
    last = len(conversation) - 1
    while last >= 0 and not conversation[last][1]:
        last -= 1
    fingerprint = _as_int(whole.digest())
    if last < 0:
        return fingerprint, 0, 0
    prompt = _as_int(hashlib.blake2b(b"".join(d for d, _ in conversation[:last]) + tools,
                                     digest_size=8).digest())
    return fingerprint, prompt, _as_int(conversation[last][0])
