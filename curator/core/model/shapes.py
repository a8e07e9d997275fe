"""The shapes of example Curator reads, what each contains, and how a file's shape is told.

Every place that needs to know what an example of a shape holds (the schema's known keys,
token counting, duplicate and language texts, the editor's sections, export conversion)
reads it from :data:`SHAPES` here, through :mod:`curator.core.model.parts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Shape(StrEnum):
    OPENAI_CHAT = "openai-chat"
    OPENAI_PREFERENCE = "openai-preference"
    TRL_MESSAGES = "trl-messages"
    TRL_PROMPT_COMPLETION = "trl-prompt-completion"
    TRL_PREFERENCE = "trl-preference"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PartSpec:
    """One part of an example: a list of messages, or (TRL) possibly a plain string."""

    key: str  # dotted path from the example's root: "messages", "input.messages", "chosen"
    title: str  # what the editor calls it
    role: str  # the role of its text when it is a plain string
    text: bool = False  # may be a plain string instead of a list of messages
    trained: bool = True  # assistant replies in it are trained (a preference input's are not)
    reply: bool = False  # it holds the model's answer
    identity: bool = True  # part of what makes two examples the same (duplicates)
    single: bool = False  # a list of exactly one message (a preference output)

    @property
    def steps(self) -> tuple[str, ...]:
        """The keys of the dotted path, from the root."""
        return tuple(self.key.split("."))


@dataclass(frozen=True)
class ShapeSpec:
    shape: Shape
    keys: frozenset[str]  # top-level keys the shape has (others are not exported)
    signature: frozenset[str]  # keys that mark a file as this shape (empty: only forced)
    parts: tuple[PartSpec, ...]
    tools: str = ""  # dotted path of its tool definitions, "" if it has none

    chat: bool = field(init=False)  # the whole example is one list of `messages` (findings
    # can point into it as messages[i])
    paths: tuple[tuple[PartSpec, tuple[str, ...]], ...] = field(init=False)  # parts, keys

    def __post_init__(self) -> None:
        object.__setattr__(self, "chat", tuple(p.key for p in self.parts) == ("messages",))
        object.__setattr__(self, "paths", tuple((p, p.steps) for p in self.parts))


MESSAGES = PartSpec("messages", "Messages", "user")
INPUT = PartSpec("input.messages", "Input", "user", trained=False)
PREFERRED = PartSpec("preferred_output", "Preferred output", "assistant", reply=True,
                     single=True)
NON_PREFERRED = PartSpec("non_preferred_output", "Non-preferred output", "assistant",
                         reply=True, identity=False, single=True)
PROMPT = PartSpec("prompt", "Prompt", "user", text=True, trained=False)
COMPLETION = PartSpec("completion", "Completion", "assistant", text=True, reply=True)
CHOSEN = PartSpec("chosen", "Chosen", "assistant", text=True, reply=True)
REJECTED = PartSpec("rejected", "Rejected", "assistant", text=True, reply=True, identity=False)

SHAPES: dict[Shape, ShapeSpec] = {
    Shape.OPENAI_CHAT: ShapeSpec(
        Shape.OPENAI_CHAT, frozenset({"messages", "tools", "parallel_tool_calls"}),
        frozenset({"messages"}), (MESSAGES,), "tools"),
    Shape.OPENAI_PREFERENCE: ShapeSpec(
        Shape.OPENAI_PREFERENCE, frozenset({"input", "preferred_output", "non_preferred_output"}),
        frozenset({"input", "preferred_output"}), (INPUT, PREFERRED, NON_PREFERRED),
        "input.tools"),
    Shape.TRL_MESSAGES: ShapeSpec(
        Shape.TRL_MESSAGES, frozenset({"messages", "tools"}), frozenset(), (MESSAGES,), "tools"),
    Shape.TRL_PROMPT_COMPLETION: ShapeSpec(
        Shape.TRL_PROMPT_COMPLETION, frozenset({"prompt", "completion", "tools"}),
        frozenset({"prompt", "completion"}), (PROMPT, COMPLETION), "tools"),
    Shape.TRL_PREFERENCE: ShapeSpec(
        Shape.TRL_PREFERENCE, frozenset({"prompt", "chosen", "rejected", "tools"}),
        frozenset({"chosen", "rejected"}), (PROMPT, CHOSEN, REJECTED), "tools"),
}

# detection order: a tie between two shapes goes to the earlier one
DETECTION = (Shape.OPENAI_PREFERENCE, Shape.OPENAI_CHAT, Shape.TRL_PREFERENCE,
             Shape.TRL_PROMPT_COMPLETION)
SAMPLE = 1000


def known_keys(shape: Shape) -> frozenset[str]:
    """The top-level keys of ``shape`` (nothing for an unknown shape)."""
    spec = SHAPES.get(shape)
    return spec.keys if spec else frozenset()


def is_chat(shape: Shape) -> bool:
    """Whether replies live in ``messages`` (so findings can point at one)."""
    spec = SHAPES.get(shape)
    return spec is not None and spec.chat


def shape_of(value: dict[str, Any]) -> Shape:
    """The shape one example's keys point to, or UNKNOWN."""
    for shape in DETECTION:
        if SHAPES[shape].signature <= value.keys():
            return shape
    return Shape.UNKNOWN


def detect_shape(values: Iterable[dict[str, Any]]) -> Shape:
    """The most common known shape among the first objects; ties go to the earlier one."""
    votes: Counter[Shape] = Counter()
    for i, value in enumerate(values):
        if i >= SAMPLE:
            break
        shape = shape_of(value)
        if shape is not Shape.UNKNOWN:
            votes[shape] += 1
    if not votes:
        return Shape.UNKNOWN
    return max(votes, key=lambda s: (votes[s], -DETECTION.index(s)))
