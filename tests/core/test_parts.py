"""What an example contains: the first text of a role, said as row_texts says it."""

from __future__ import annotations

from typing import Any

import pytest

from curator.core.model.parts import first_text, row_texts

EXAMPLES: list[dict[str, Any]] = [
    {"messages": [{"role": "system", "content": "be brief"},
                  {"role": "user", "content": "first"}, {"role": "user", "content": "second"}]},
    {"messages": [{"role": "user", "content": [{"type": "text", "text": "a"}, {"text": "b"}]}]},
    {"messages": [{"role": "assistant", "content": None,
                   "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}]},
    {"messages": [{"role": 3, "content": "odd role"}, "not a message", {"content": "none"}]},
    {"messages": "not a list"},
    {"input": {"messages": [{"role": "user", "content": "asked"}]},
     "preferred_output": [{"role": "assistant", "content": "yes"}],
     "non_preferred_output": [{"role": "assistant", "content": "no"}]},
    {"prompt": "a plain prompt", "completion": "a plain completion"},
    {"prompt": [{"role": "user", "content": "as messages"}],
     "completion": [{"role": "assistant", "content": "done"}]},
    {"prompt": "which?", "chosen": "this", "rejected": "that"},
    {},
]


@pytest.mark.parametrize("value", EXAMPLES)
@pytest.mark.parametrize("role", ["user", "assistant", "system", "?", "tool"])
def test_first_text_is_the_first_of_row_texts(value: dict[str, Any], role: str) -> None:
    assert first_text(value, role) == next(
        (text for who, text in row_texts(value) if who == role), None)
