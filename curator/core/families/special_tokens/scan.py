"""Find control tokens in text: one compiled regex over every format's tokens, built as a
trie (``<\\|(?:end(?:oftext\\|>|ofprompt\\|>)|im_(?:start|end)\\|>...)``) so that Python's
engine walks each candidate once, with the numbered runs as patterns after it.

Every token starts with ``<`` or ``[``: text with neither (most text) is never searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from curator.core.families.special_tokens.formats import FORMATS, ChatFormat

OPENAI = "openai"


def trie_pattern(words: Iterable[str]) -> str:
    """One regex that matches any of ``words`` (the longest at a place), as a trie."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node(root)


def _node(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = [re.escape(char) + _node(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a word ends here, and longer ones go on: try the longer first
        return "(?:" + body + ")?"
    return body


def _by_first_char(literals: Iterable[str], patterns: list[str]
                   ) -> list[tuple[str, re.Pattern[str]]]:
    """One regex per first character: ``<(?:trie of the rest|patterns' rest)``."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for token in literals:
        groups.setdefault(token[0], ([], []))[0].append(token[1:])
    for pattern in patterns:
        first, rest = (pattern[1], pattern[2:]) if pattern[0] == "\\" else (pattern[0], pattern[1:])
        groups.setdefault(first, ([], []))[1].append(rest)
    out = []
    for first, (rests, tails) in sorted(groups.items()):
        alternatives = ([trie_pattern(rests)] if rests else []) + tails
        out.append((first, re.compile(re.escape(first) + "(?:" + "|".join(alternatives) + ")")))
    return out


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    token: str


class Scanner:
    """Every known control token, and the formats each belongs to."""

    def __init__(self, formats: Iterable[ChatFormat] = FORMATS.values()) -> None:
        self.formats = list(formats)
        self._literal: dict[str, list[ChatFormat]] = {}
        self._patterns: list[tuple[re.Pattern[str], list[ChatFormat]]] = []
        for chat in self.formats:
            for token in chat.tokens:
                self._literal.setdefault(token, []).append(chat)
            for pattern in chat.patterns:
                found = next((p for p in self._patterns if p[0].pattern == pattern), None)
                if found is None:
                    self._patterns.append((re.compile(pattern), [chat]))
                else:
                    found[1].append(chat)
        self.regexes = _by_first_char(self._literal, [p.pattern for p, _ in self._patterns])
        # the same regexes over UTF-8 bytes: a quick look at a whole example's JSON (where no
        # token can be escaped: none holds a quote, a backslash or a control character)
        self._raw = [re.compile(r.pattern.encode()) for _, r in self.regexes]

    def anywhere(self, data: bytes) -> bool:
        """Whether the JSON text ``data`` may hold a control token somewhere."""
        return any(r.search(data) for r in self._raw)

    def hits(self, text: str) -> list[Hit]:
        """Each control token in ``text``, left to right. One regex per first character
        (``<``, ``[``), each beginning with that literal, which the engine finds fast; a text
        without the character is not searched at all."""
        found: list[Hit] = []
        for first, regex in self.regexes:
            if first in text:
                found.extend(Hit(m.start(), m.end(), m.group()) for m in regex.finditer(text))
        if len(self.regexes) > 1 and found:
            found.sort(key=lambda hit: hit.start)
        return found

    def formats_of(self, token: str) -> list[ChatFormat]:
        """The formats whose control token ``token`` is, in table order."""
        found = self._literal.get(token)
        if found is not None:
            extra = [c for p, chats in self._patterns if p.fullmatch(token) for c in chats]
            return [*found, *(c for c in extra if c not in found)]
        return [c for p, chats in self._patterns if p.fullmatch(token) for c in chats]
