"""Evaluation files: each item's prompt and answer, whatever shape the file has.

A file whose first non-blank line is a JSON object is JSON Lines: each line an example of
any shape Curator reads (chat, preference, TRL; :func:`row_texts` gives its user and
assistant texts: the prompt is the user text, the answer the assistant's), or a flat record
as evaluation sets often are (``question``/``answer``, ``instruction``/``input``/``output``,
``prompt``/``completion``, ShareGPT's ``conversations``). Any other file is plain text, one
item per line, which is both a prompt and an answer. Lines that are none of these are
counted, not compared.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator.core.model.jsonl import BOM
from curator.core.model.parts import row_texts
from curator.core.model.shapes import Shape, shape_of

PROMPT_KEYS = ("question", "prompt", "instruction", "query", "problem", "input", "context")
ANSWER_KEYS = ("answer", "output", "response", "completion", "solution", "target",
               "reference", "canonical_solution")
SHAREGPT = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
            "model": "assistant"}


@dataclass(frozen=True)
class Item:
    """One evaluation item: where it is, its prompt and its answer ("" when it has none)."""

    line: int
    prompt: str
    answer: str


@dataclass
class EvalFile:
    path: str  # as the settings name it
    items: list[Item]
    skipped: list[int]  # lines that are not items (not JSON, no text), in order


def read_eval_file(path: Path) -> EvalFile:
    """Every item of an evaluation file. Raises OSError when it cannot be read."""
    data = path.read_bytes()
    if data.startswith(BOM):
        data = data[len(BOM):]
    lines = data.split(b"\n")
    first = next((line.strip() for line in lines if line.strip()), b"")
    out = EvalFile(str(path), [], [])
    json_lines = first.startswith(b"{")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        item = _json_item(number, raw) if json_lines else _text_item(number, raw)
        if item is None:
            out.skipped.append(number)
        else:
            out.items.append(item)
    return out


def _text_item(number: int, raw: bytes) -> Item:
    text = raw.decode("utf-8", "replace").strip()
    return Item(number, text, text)


def _json_item(number: int, raw: bytes) -> Item | None:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(value) is not dict:
        return None
    prompt, answer = prompt_answer(value)
    return Item(number, prompt, answer) if prompt or answer else None


def prompt_answer(value: dict[str, Any]) -> tuple[str, str]:
    """An example's prompt (its user text) and answer (its assistant text), joined by
    newlines when there are several."""
    if shape_of(value) is not Shape.UNKNOWN:
        texts = row_texts(value)
    elif isinstance(value.get("conversations"), list):
        texts = list(_sharegpt(value["conversations"]))
    else:
        texts = list(_flat(value))
    prompt = "\n".join(text for role, text in texts if role == "user" and text.strip())
    answer = "\n".join(text for role, text in texts if role == "assistant" and text.strip())
    return prompt.strip(), answer.strip()


def _sharegpt(turns: list[Any]) -> Iterator[tuple[str, str]]:
    for turn in turns:
        if isinstance(turn, dict) and isinstance(turn.get("value"), str):
            yield SHAREGPT.get(str(turn.get("from")), "other"), turn["value"]


def _flat(value: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A flat record's prompt fields (all that are text, in PROMPT_KEYS order) and its first
    answer field."""
    for key in PROMPT_KEYS:
        if isinstance(value.get(key), str):
            yield "user", value[key]
    for key in ANSWER_KEYS:
        if isinstance(value.get(key), str):
            yield "assistant", value[key]
            return


def item_example(path: str | Path, line: int) -> dict[str, Any] | None:
    """The evaluation item on ``line`` of ``path`` as a chat example (its prompt as the
    user's message, its answer as the assistant's), to show beside a training example;
    None when the line is gone or is not an item."""
    try:
        with Path(path).open("rb") as stream:
            found = next(itertools.islice(stream, line - 1, None), None) if line > 0 else None
    except OSError:
        return None
    if found is None:
        return None
    raw = found.rstrip(b"\r\n")
    if line == 1 and raw.startswith(BOM):
        raw = raw[len(BOM):]
    item = _json_item(line, raw) if raw.lstrip().startswith(b"{") else _text_item(line, raw)
    if item is None:
        return None
    if item.prompt == item.answer:
        return {"messages": [{"role": "user", "content": item.prompt}]}
    messages = [{"role": role, "content": text} for role, text in (
        ("user", item.prompt), ("assistant", item.answer)) if text]
    return {"messages": messages}
