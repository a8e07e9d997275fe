# mypy: disable-error-code="valid-type,misc"
"""Pydantic models of the accepted shapes, as TypedDicts behind TypeAdapters (fast, no objects).

Every union is discriminated by a callable so that a wrong value reports one precise error
instead of one per union member. Tags start with ``@`` so error locations can drop them.
"""

from functools import cache
from typing import Annotated, Any, Literal, NotRequired, Union

from pydantic import ConfigDict, Discriminator, Field, Json, Tag, TypeAdapter
from typing_extensions import TypedDict

from curator.core.model.shapes import Shape

STRICT = ConfigDict(extra="forbid", strict=True)
OPEN = ConfigDict(extra="allow", strict=True)

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
TOOL_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"


def _kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "@str"
    if isinstance(value, list):
        return "@list"
    if value is None:
        return "@null"
    return None


def _part_type(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = value.get("type")
        if kind in ("text", "image_url"):
            return f"@{kind}"
    return None


def _role(value: Any) -> str | None:
    if isinstance(value, dict):
        role = value.get("role")
        if role in ROLES:
            return f"@{role}"
    return None


class TextPart(TypedDict):
    __pydantic_config__ = STRICT
    type: Literal["text"]
    text: str


class ImageURL(TypedDict):
    __pydantic_config__ = STRICT
    url: str
    detail: NotRequired[Literal["auto", "low", "high"]]


class ImagePart(TypedDict):
    __pydantic_config__ = STRICT
    type: Literal["image_url"]
    image_url: ImageURL


class FunctionCall(TypedDict):
    __pydantic_config__ = STRICT
    name: Annotated[str, Field(pattern=TOOL_NAME_PATTERN)]
    arguments: Json[dict[str, Any]]


class ToolCall(TypedDict):
    __pydantic_config__ = STRICT
    id: Annotated[str, Field(min_length=1)]
    type: Literal["function"]
    function: FunctionCall


class FunctionMessage(TypedDict):
    __pydantic_config__ = STRICT
    role: Literal["function"]
    name: str
    content: str | None


class FunctionDefinition(TypedDict):
    __pydantic_config__ = STRICT
    name: Annotated[str, Field(pattern=TOOL_NAME_PATTERN)]
    description: NotRequired[str]
    parameters: NotRequired[dict[str, Any]]
    strict: NotRequired[bool | None]


class ToolDefinition(TypedDict):
    __pydantic_config__ = STRICT
    type: Literal["function"]
    function: FunctionDefinition


# TRL is lenient about message keys: chat templates read role and content and may read more.
class TrlMessage(TypedDict):
    __pydantic_config__ = OPEN
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: NotRequired[str | list[dict[str, Any]] | None]


TextParts = list[TextPart]
TrlMessages = Annotated[list[TrlMessage], Field(min_length=1)]


class TrlMessagesExample(TypedDict):
    __pydantic_config__ = OPEN
    messages: TrlMessages
    tools: NotRequired[list[dict[str, Any]]]


def _unions(precise: bool) -> Any:
    """A maker of unions: with ``precise``, callable discriminators, so a bad value reports
    one error on one union member (for messages); otherwise pydantic-core discriminates in
    Rust (for the fast gate that every row passes through)."""

    def union(field: str, pick: Any, **members: Any) -> Any:
        if precise:
            tagged = [Annotated[kind, Tag(f"@{tag}")] for tag, kind in members.items()]
            return Annotated[Union[tuple(tagged)], Discriminator(pick)]  # noqa: UP007
        kinds = tuple(dict.fromkeys(members.values()))
        if field:
            return Annotated[Union[kinds], Field(discriminator=field)]  # noqa: UP007
        return Union[kinds]  # noqa: UP007

    return union


def _messages(union: Any) -> tuple[Any, Any]:
    """A message of any role, and a preference output message."""
    UserParts = list[union("type", _part_type, text=TextPart, image_url=ImagePart)]
    TextContent = union("", _kind, str=str, list=TextParts)
    UserContent = union("", _kind, str=str, list=UserParts)
    AssistantContent = union("", _kind, str=str, list=TextParts, null=None)

    class SystemMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["system", "developer"]
        content: TextContent
        name: NotRequired[str]

    class UserMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["user"]
        content: UserContent
        name: NotRequired[str]

    class AssistantMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["assistant"]
        content: NotRequired[AssistantContent]
        name: NotRequired[str]
        weight: NotRequired[Literal[0, 1]]
        tool_calls: NotRequired[list[ToolCall]]

    class ToolMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["tool"]
        content: TextContent
        tool_call_id: str
        name: NotRequired[str]

    class OutputMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["assistant"]
        content: NotRequired[AssistantContent]
        tool_calls: NotRequired[list[ToolCall]]
        name: NotRequired[str]

    message = union(
        "role", _role, system=SystemMessage, developer=SystemMessage, user=UserMessage,
        assistant=AssistantMessage, tool=ToolMessage, function=FunctionMessage,
    )
    return message, OutputMessage


def _openai(message: Any, output_message: Any) -> tuple[Any, Any]:
    """The OpenAI chat and preference examples."""
    Messages = Annotated[list[message], Field(min_length=1)]
    Output = Annotated[list[output_message], Field(min_length=1, max_length=1)]

    class ChatExample(TypedDict):
        __pydantic_config__ = OPEN
        messages: Messages
        tools: NotRequired[list[ToolDefinition]]
        parallel_tool_calls: NotRequired[bool]

    class PreferenceInput(TypedDict):
        __pydantic_config__ = STRICT
        messages: Messages
        tools: NotRequired[list[ToolDefinition]]
        parallel_tool_calls: NotRequired[bool]

    class PreferenceExample(TypedDict):
        __pydantic_config__ = OPEN
        input: PreferenceInput
        preferred_output: Output
        non_preferred_output: Output

    return ChatExample, PreferenceExample


def _trl(union: Any) -> tuple[Any, Any]:
    """The TRL prompt-completion and preference examples."""
    TrlText = union("", _kind, str=str, list=TrlMessages)

    class TrlPromptCompletion(TypedDict):
        __pydantic_config__ = OPEN
        prompt: TrlText
        completion: TrlText

    class TrlPreference(TypedDict):
        __pydantic_config__ = OPEN
        prompt: NotRequired[TrlText]
        chosen: TrlText
        rejected: TrlText

    return TrlPromptCompletion, TrlPreference


@cache
def _types(precise: bool) -> dict[Shape, Any]:
    """The type of each shape's example (cheap to make: their adapters are not)."""
    union = _unions(precise)
    chat, preference = _openai(*_messages(union))
    prompt_completion, trl_preference = _trl(union)
    return {
        Shape.OPENAI_CHAT: chat,
        Shape.OPENAI_PREFERENCE: preference,
        Shape.TRL_MESSAGES: TrlMessagesExample,
        Shape.TRL_PROMPT_COMPLETION: prompt_completion,
        Shape.TRL_PREFERENCE: trl_preference,
    }


@cache
def adapter(shape: Shape, precise: bool = False) -> TypeAdapter[Any]:
    """The adapter that validates examples of ``shape``, built when a file of that shape is
    first checked (a file has one shape: building all five took a tenth of the start-up).
    The fast one (pydantic-core discriminates in Rust) is the gate every row passes
    through; the ``precise`` one (callable discriminators), built the first time a row
    fails the fast one, names exactly one problem per place (a clean file never pays for
    it)."""
    return TypeAdapter(_types(precise)[shape])
