"""Bring datasets kept in other common formats into OpenAI chat examples.

Formats: ShareGPT (``conversations`` of ``from``/``value``), Alpaca (``instruction``,
``input``, ``output``, ``system``, ``history``), prompt/completion strings (legacy OpenAI and
TRL), and CSV/TSV/XLSX tables whose question and answer columns you name. Every converted
example remembers its source line (for a table: the spreadsheet row number, header = 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator.core.model.jsonl import iter_lines, parse_line

FORMATS = ("sharegpt", "alpaca", "prompt-completion", "openai", "csv", "tsv", "xlsx")
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                  "chatgpt": "assistant", "bing": "assistant", "system": "system",
                  "observation": "tool", "tool": "tool", "function_call": "assistant"}


class FormatError(ValueError):
    """The file cannot be read as the format; the message says what to pass instead."""


@dataclass(frozen=True)
class Converted:
    line: int  # where it came from in the source file
    value: dict[str, Any] | None
    problem: str = ""


def _format_of(value: dict[str, Any]) -> str | None:
    """The format one object's keys speak for, if any."""
    if isinstance(value.get("conversations"), list):
        return "sharegpt"
    if "instruction" in value and "output" in value:
        return "alpaca"
    if isinstance(value.get("prompt"), str) and isinstance(value.get("completion"), str):
        return "prompt-completion"
    return "openai" if "messages" in value else None


def detect_format(path: Path) -> tuple[str | None, str]:
    """The format and why; ``None`` when unsure (then ask for --from)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".xlsx"):
        return suffix[1:], f"the file name ends in {suffix}"
    votes: Counter[str] = Counter()
    for i, line in enumerate(iter_lines(path)):
        if i >= 200:
            break
        value, _ = parse_line(line.data)
        fmt = _format_of(value) if isinstance(value, dict) else None
        if fmt is not None:
            votes[fmt] += 1
    if not votes:
        return None, "no line looks like a known format"
    (best, n), *rest = votes.most_common()
    if rest and rest[0][1] * 4 > n:
        return None, f"lines look like {best} ({n}) and {rest[0][0]} ({rest[0][1]})"
    return best, f"{n} of the first lines have the {best} keys"


def _sharegpt(value: dict[str, Any]) -> dict[str, Any]:
    turns = value.get("conversations")
    if not isinstance(turns, list) or not turns:
        raise ValueError("`conversations` is missing or empty")
    messages: list[dict[str, Any]] = []
    if isinstance(value.get("system"), str) and value["system"].strip():
        messages.append({"role": "system", "content": value["system"]})
    last_call = ""
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict):
            raise ValueError(f"conversations[{i}] is not an object")
        speaker, text = turn.get("from"), turn.get("value")
        role = SHAREGPT_ROLES.get(str(speaker).lower())
        if role is None:
            raise ValueError(f"conversations[{i}].from is {speaker!r}; expected human, gpt, "
                             "system, function_call or observation")
        if not isinstance(text, str):
            raise ValueError(f"conversations[{i}].value is not a string")
        if speaker == "function_call":
            call = orjson.loads(text)
            last_call = f"call_{i}"
            arguments = call.get("arguments", {})
            messages.append({"role": "assistant", "content": None, "tool_calls": [{
                "id": last_call, "type": "function", "function": {
                    "name": call.get("name", ""),
                    "arguments": arguments if isinstance(arguments, str)
                    else orjson.dumps(arguments).decode()}}]})
        elif role == "tool":
            messages.append({"role": "tool", "tool_call_id": last_call, "content": text})
        else:
            messages.append({"role": role, "content": text})
    return {"messages": messages}


def _alpaca(value: dict[str, Any]) -> dict[str, Any]:
    instruction, output = value.get("instruction"), value.get("output")
    if not isinstance(instruction, str) or not isinstance(output, str):
        raise ValueError("`instruction` and `output` must both be strings")
    messages: list[dict[str, Any]] = []
    if isinstance(value.get("system"), str) and value["system"].strip():
        messages.append({"role": "system", "content": value["system"]})
    for pair in value.get("history") or []:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ValueError("`history` must be a list of [instruction, output] pairs")
        messages += [{"role": "user", "content": str(pair[0])},
                     {"role": "assistant", "content": str(pair[1])}]
    extra = value.get("input")
    has_input = isinstance(extra, str) and bool(extra.strip())
    prompt = f"{instruction}\n\n{extra}" if has_input else instruction
    messages += [{"role": "user", "content": prompt}, {"role": "assistant", "content": output}]
    return {"messages": messages}


def _prompt_completion(value: dict[str, Any]) -> dict[str, Any]:
    prompt, completion = value.get("prompt"), value.get("completion")
    if not isinstance(prompt, str) or not isinstance(completion, str):
        raise ValueError("`prompt` and `completion` must both be strings")
    return {"messages": [{"role": "user", "content": prompt},
                         {"role": "assistant", "content": completion.strip()}]}


def _openai(value: dict[str, Any]) -> dict[str, Any]:
    return value


CONVERTERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sharegpt": _sharegpt, "alpaca": _alpaca, "prompt-completion": _prompt_completion,
    "openai": _openai,
}


def read_jsonl(path: Path, fmt: str) -> Iterator[Converted]:
    convert = CONVERTERS[fmt]
    for line in iter_lines(path):
        value, error = parse_line(line.data)
        if error is not None:
            if error.kind != "blank":
                yield Converted(line.number, None, error.message)
            continue
        try:
            yield Converted(line.number, convert(value))
        except (ValueError, orjson.JSONDecodeError, AttributeError) as exc:
            yield Converted(line.number, None, f"cannot convert from {fmt}: {exc}")


def read_table(path: Path, fmt: str, question: str, answer: str, system: str | None = None
               ) -> Iterator[Converted]:
    import pandas as pd

    try:
        if fmt == "xlsx":
            table = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            table = pd.read_csv(path, sep="\t" if fmt == "tsv" else ",", dtype=str,
                                keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: cannot read as {fmt} ({exc})") from exc
    missing = [c for c in (question, answer, system) if c and c not in table.columns]
    if missing:
        raise FormatError(f"{path}: no column {', '.join(map(repr, missing))}; the columns are "
                           + ", ".join(map(repr, table.columns)))
    for i, row in enumerate(table.itertuples(index=False), start=2):
        record = dict(zip(table.columns, row, strict=True))
        q, a = record[question].strip(), record[answer].strip()
        if not q or not a:
            yield Converted(i, None, f"row {i}: empty {question if not q else answer!r} cell")
            continue
        messages = []
        if system and record[system].strip():
            messages.append({"role": "system", "content": record[system].strip()})
        messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
        yield Converted(i, {"messages": messages})
