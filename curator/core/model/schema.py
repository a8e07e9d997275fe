# mypy: disable-error-code="valid-type,misc"
"""Pydantic models of the accepted shapes, as TypedDicts behind TypeAdapters (fast, no objects).

Every union is discriminated by a callable so that a wrong value reports one precise error
instead of one per union member. Tags start with ``@`` so error locations can drop them.
"""

from enum import StrEnum
from typing import Annotated, Any, Literal, NotRequired, Union

from pydantic import ConfigDict, Discriminator, Field, Json, Tag, TypeAdapter
from typing_extensions import TypedDict

STRICT = ConfigDict(extra="forbid", strict=True)
OPEN = ConfigDict(extra="allow", strict=True)

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
TOOL_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"


class Shape(StrEnum):
    OPENAI_CHAT = "openai-chat"
    OPENAI_PREFERENCE = "openai-preference"
    TRL_MESSAGES = "trl-messages"
    TRL_PROMPT_COMPLETION = "trl-prompt-completion"
    TRL_PREFERENCE = "trl-preference"
    UNKNOWN = "unknown"


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


def _build(precise: bool) -> dict[Shape, TypeAdapter[Any]]:
    """Build the adapters. ``precise`` uses callable discriminators, so a bad value reports
    one error on one union member (for messages); otherwise pydantic-core discriminates in
    Rust (for the fast gate that every row passes through).
    """

    def union(field: str, pick: Any, **members: Any) -> Any:
        if precise:
            tagged = [Annotated[kind, Tag(f"@{tag}")] for tag, kind in members.items()]
            return Annotated[Union[tuple(tagged)], Discriminator(pick)]  # noqa: UP007
        kinds = tuple(dict.fromkeys(members.values()))
        if field:
            return Annotated[Union[kinds], Field(discriminator=field)]  # noqa: UP007
        return Union[kinds]  # noqa: UP007

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


    TextParts = list[TextPart]
    UserParts = list[union("type", _part_type, text=TextPart, image_url=ImagePart)]
    TextContent = union("", _kind, str=str, list=TextParts)
    UserContent = union("", _kind, str=str, list=UserParts)
    AssistantContent = union("", _kind, str=str, list=TextParts, null=None)

    class FunctionCall(TypedDict):
        __pydantic_config__ = STRICT
        name: Annotated[str, Field(pattern=TOOL_NAME_PATTERN)]
        arguments: Json[dict[str, Any]]

    class ToolCall(TypedDict):
        __pydantic_config__ = STRICT
        id: Annotated[str, Field(min_length=1)]
        type: Literal["function"]
        function: FunctionCall

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

    class FunctionMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["function"]
        name: str
        content: str | None


    Message = union(
        "role", _role, system=SystemMessage, developer=SystemMessage, user=UserMessage,
        assistant=AssistantMessage, tool=ToolMessage, function=FunctionMessage,
    )

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


    Messages = Annotated[list[Message], Field(min_length=1)]

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

    class OutputMessage(TypedDict):
        __pydantic_config__ = STRICT
        role: Literal["assistant"]
        content: NotRequired[AssistantContent]
        tool_calls: NotRequired[list[ToolCall]]
        name: NotRequired[str]


    Output = Annotated[list[OutputMessage], Field(min_length=1, max_length=1)]

    class PreferenceExample(TypedDict):
        __pydantic_config__ = OPEN
        input: PreferenceInput
        preferred_output: Output
        non_preferred_output: Output


    # TRL is lenient about message keys: chat templates read role and content and may read more.
    class TrlMessage(TypedDict):
        __pydantic_config__ = OPEN
        role: Literal["system", "developer", "user", "assistant", "tool"]
        content: NotRequired[str | list[dict[str, Any]] | None]


    TrlMessages = Annotated[list[TrlMessage], Field(min_length=1)]

    class TrlMessagesExample(TypedDict):
        __pydantic_config__ = OPEN
        messages: TrlMessages
        tools: NotRequired[list[dict[str, Any]]]


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


    return {
        Shape.OPENAI_CHAT: TypeAdapter(ChatExample),
        Shape.OPENAI_PREFERENCE: TypeAdapter(PreferenceExample),
        Shape.TRL_MESSAGES: TypeAdapter(TrlMessagesExample),
        Shape.TRL_PROMPT_COMPLETION: TypeAdapter(TrlPromptCompletion),
        Shape.TRL_PREFERENCE: TypeAdapter(TrlPreference),
    }


FAST = _build(precise=False)
PRECISE = _build(precise=True)


# The keys each shape exports; any other top-level key is dropped at export.
KNOWN_KEYS: dict[Shape, frozenset[str]] = {
    Shape.OPENAI_CHAT: frozenset({"messages", "tools", "parallel_tool_calls"}),
    Shape.OPENAI_PREFERENCE: frozenset(
        {"input", "preferred_output", "non_preferred_output"}
    ),
    Shape.TRL_MESSAGES: frozenset({"messages", "tools"}),
    Shape.TRL_PROMPT_COMPLETION: frozenset({"prompt", "completion", "tools"}),
    Shape.TRL_PREFERENCE: frozenset({"prompt", "chosen", "rejected", "tools"}),
}

# Keys that mark a shape when the file's shape is detected.
SIGNATURES: list[tuple[Shape, frozenset[str]]] = [
    (Shape.OPENAI_PREFERENCE, frozenset({"input", "preferred_output"})),
    (Shape.OPENAI_CHAT, frozenset({"messages"})),
    (Shape.TRL_PREFERENCE, frozenset({"chosen", "rejected"})),
    (Shape.TRL_PROMPT_COMPLETION, frozenset({"prompt", "completion"})),
]
