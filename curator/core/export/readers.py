"""Bring datasets kept in other common formats into OpenAI chat examples.

Formats: ShareGPT (``conversations`` of ``from``/``value``), Alpaca (``instruction``,
``input``, ``output``, ``system``, ``history``), prompt/completion strings (legacy OpenAI and
TRL), and CSV/TSV/XLSX tables whose question and answer columns you name. Every converted
example remembers its source line (for a table: the spreadsheet row number, header = 1).
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

import orjson

from curator.core.model.jsonl import iter_lines, parse_line

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("sharegpt", "alpaca", "prompt-completion", "openai", "csv", "tsv", "xlsx")
TABLES = ("csv", "tsv", "xlsx")
# formats that read as one error per line: the CLI hints `convert`, the app offers it
CONVERTIBLE = ("sharegpt", "alpaca", *TABLES)
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
    messages += _alpaca_history(value.get("history"))
    extra = value.get("input")
    has_input = isinstance(extra, str) and bool(extra.strip())
    prompt = f"{instruction}\n\n{extra}" if has_input else instruction
    messages += [{"role": "user", "content": prompt}, {"role": "assistant", "content": output}]
    return {"messages": messages}


def _alpaca_history(history: Any) -> list[dict[str, Any]]:
    """The turns of an Alpaca ``history``: missing, null or a list of [instruction, output]
    pairs of strings; anything else is a ValueError saying which item is wrong."""
    if history is None:
        return []
    example = '[["How do I reset it?", "Hold reset for ten seconds."]]'
    if not isinstance(history, list):
        raise ValueError(f"`history` is {_shown(history)}, not a list of [instruction, output] "
                         f"pairs; write it as {example} or remove it")
    messages: list[dict[str, Any]] = []
    for i, pair in enumerate(history):
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(text, str) for text in pair)):
            raise ValueError(f"`history[{i}]` is {_shown(pair)}, not an [instruction, output] "
                             f"pair of strings; write the history as {example}")
        messages += [{"role": "user", "content": pair[0]},
                     {"role": "assistant", "content": pair[1]}]
    return messages


def _shown(value: Any) -> str:
    """A JSON value as the message shows it: its type and, if short, itself."""
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), "null")
    text = orjson.dumps(value).decode()
    return f"{kind} ({text})" if len(text) <= 40 else kind


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
        except (ValueError, TypeError, AttributeError) as exc:  # JSONDecodeError: a ValueError
            yield Converted(line.number, None, f"cannot convert from {fmt}: {exc}")


def read_table(path: Path, fmt: str, question: str, answer: str, system: str | None = None
               ) -> Iterator[Converted]:
    table = _read_xlsx(path) if fmt == "xlsx" else _read_csv(path, fmt)
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


def _read_csv(path: Path, fmt: str) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_csv(path, sep="\t" if fmt == "tsv" else ",", dtype=str,
                           keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: cannot read as {fmt} ({exc})") from exc


def _read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet, every cell as text; a damaged or hostile workbook is a FormatError.

    No defusedxml: openpyxl parses with the standard library's expat, which (2.4.1 and
    later) stops entity expansion bombs ("billion laughs", quadratic blowup) with an error and
    never fetches external entities, so a DOCTYPE with entities ends in an XML ParseError
    here rather than in memory exhaustion or a read of another file.
    """
    import pandas as pd

    resave = "open it in a spreadsheet program and save it again as .xlsx"
    try:
        return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except (zipfile.BadZipFile, EOFError) as exc:
        why = f"it is not a complete XLSX workbook (a zip archive): {exc}"
        hint = f"if it was cut short, copy it again; if it is a CSV or an old .xls, {resave}"
    except KeyError as exc:
        why = f"the archive lacks a part every workbook has ({exc})"
        hint = resave
    except ParseError as exc:
        why = f"an XML part of the workbook is malformed ({exc})"
        hint = resave
    except OSError as exc:
        why, hint = f"{exc.strerror or exc}", "check that the file is readable"
    except ValueError as exc:  # pandas: no sheet; openpyxl: a value of the wrong kind
        why, hint = str(exc), resave
    except Exception as exc:  # openpyxl's errors on a damaged workbook have no common base
        why = f"openpyxl cannot read it ({type(exc).__name__}: {exc})"
        hint = resave
    raise FormatError(f"{path}: cannot read as xlsx: {why}; {hint}")
