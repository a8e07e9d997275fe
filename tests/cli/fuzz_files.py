"""What the CLI fuzz test feeds the commands: data files of every kind (valid, broken, empty,
huge lines, wrong encodings, deep nesting, other formats, tables), config files (valid and
invalid values) and targets files, each made from a seeded random generator."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import orjson

from datagen.synth import chat_example, chat_lines
from tests.messy import messy_file

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
U = {"role": "user", "content": "Where is my parcel?"}
A = {"role": "assistant", "content": "It ships tomorrow."}


def _chats(rng: random.Random, low: int = 1, high: int = 60) -> list[bytes]:
    return list(chat_lines(rng.randint(low, high), seed=rng.randrange(1 << 30)))


def _join(lines: list[bytes], eol: bytes = b"\n") -> bytes:
    return eol.join(lines) + eol


def _nested(depth: int, leaf: object = "x") -> bytes:
    return b"[" * depth + orjson.dumps(leaf) + b"]" * depth


def _schema(depth: int) -> bytes:
    """A JSON schema of objects ``depth`` levels deep (valid, and far too deep)."""
    return (b'{"type": "object", "properties": {"a": ' * depth + b'{"type": "string"}'
            + b"}}" * depth)


def deep(rng: random.Random, depth: int) -> bytes:
    """A chat file with a value nested ``depth`` levels in each of several places."""
    lines = _chats(rng, 10, 20)
    inner = _nested(depth)
    places = [
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", '
        b'"content": ' + inner + b"}]}",
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", '
        b'"content": "ok"}], "meta": ' + inner + b"}",
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", '
        b'"content": "ok"}], "tools": ' + inner + b"}",
        b'{"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": '
        + inner + b"}]}",
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", '
        b'"content": "ok"}], "tools": [{"type": "function", "function": {"name": "f", '
        b'"parameters": ' + _schema(depth) + b"}}]}",
    ]
    for place in places:  # each on its own line, among valid ones
        lines.insert(rng.randrange(len(lines)), place)
    return _join(lines)


def _mutated(rng: random.Random) -> bytes:
    """Valid lines with random damage: cut, bytes flipped, lines swapped for junk."""
    lines = _chats(rng, 5, 40)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        line = bytearray(lines[i])
        kind = rng.random()
        if kind < 0.3:
            line = line[: rng.randrange(len(line))]
        elif kind < 0.6:
            for _ in range(rng.randint(1, 4)):
                line[rng.randrange(len(line))] = rng.randrange(256)
        elif kind < 0.8:
            line = bytearray(rng.choice([b"null", b"[]", b"42", b'"text"', b"{}", b"NaN",
                                         b'{"messages": null}', b"\x00\x01\x02"]))
        else:
            line = line + b"," + line
        lines[i] = bytes(line)
    return _join(lines, rng.choice([b"\n", b"\r\n"]))


def _table(rng: random.Random, fmt: str) -> bytes:
    import pandas as pd

    rows = [chat_example(rng)["messages"] for _ in range(rng.randint(0, 8))]
    frame = pd.DataFrame({"question": [str(m[-2]["content"]) for m in rows],
                          "answer": [str(m[-1]["content"]) for m in rows],
                          "system": ["Be brief."] * len(rows)})
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False)
        return buffer.getvalue()
    return frame.to_csv(index=False, sep="\t" if fmt == "tsv" else ",").encode()


KINDS: dict[str, Callable[[random.Random], bytes]] = {
    "chat": lambda rng: _join(_chats(rng)),
    "messy": lambda rng: messy_file()[0],
    "empty": lambda rng: b"",
    "blank": lambda rng: b"\n \n\t\n",
    "bom": lambda rng: b"\xef\xbb\xbf" + _join(_chats(rng, 1, 15)),
    "crlf-no-eol": lambda rng: b"\r\n".join(_chats(rng, 1, 15)),
    "latin1": lambda rng: _join(_chats(rng, 5, 15)).replace(b"e", b"\xe9", 3),
    "utf16": lambda rng: _join(_chats(rng, 2, 6)).decode().encode("utf-16"),
    "binary": lambda rng: bytes(rng.randrange(256) for _ in range(rng.randint(1, 5000))),
    "not-objects": lambda rng: b"1\n[]\nnull\n\"s\"\ntrue\n{}\n",
    "mutated": _mutated,
    "dupes": lambda rng: _join([orjson.dumps({"messages": [U, A]})] * rng.randint(2, 60)),
    "huge-line": lambda rng: _join([*_chats(rng, 2, 5), orjson.dumps(
        {"messages": [U, {"role": "assistant", "content": "word " * 600_000}]})]),
    "deep-100": lambda rng: deep(rng, 100),
    "deep-300": lambda rng: deep(rng, 300),
    "deep-1000": lambda rng: deep(rng, 1000),
    "deep-2000": lambda rng: deep(rng, 2000),
    "sharegpt": lambda rng: (SAMPLES / "sharegpt.jsonl").read_bytes(),
    "alpaca": lambda rng: (SAMPLES / "alpaca.jsonl").read_bytes(),
    "support": lambda rng: (SAMPLES / "support_chats.jsonl").read_bytes(),
    "prompt-completion": lambda rng: _join([orjson.dumps(
        {"prompt": f"q{i}", "completion": f"a{i}"}) for i in range(rng.randint(1, 20))]),
    "preference": lambda rng: _join([orjson.dumps(
        {"input": {"messages": [U]}, "preferred_output": [A],
         "non_preferred_output": [{"role": "assistant", "content": f"no {i}"}]})
        for i in range(rng.randint(1, 20))]),
    "trl-preference": lambda rng: _join([orjson.dumps(
        {"prompt": [U], "chosen": [A], "rejected": [{"role": "assistant", "content": f"n{i}"}]})
        for i in range(rng.randint(1, 20))]),
    "csv": lambda rng: _table(rng, "csv"),
    "tsv": lambda rng: _table(rng, "tsv"),
    "xlsx": lambda rng: _table(rng, "xlsx"),
    "bad-xlsx": lambda rng: b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)),
}
SUFFIX = {"csv": ".csv", "tsv": ".tsv", "xlsx": ".xlsx", "bad-xlsx": ".xlsx"}

# -- configs -------------------------------------------------------------------------------

GOOD_SETTINGS = [
    'select = ["ALL"]', 'select = ["S", "J002"]', 'ignore = ["C001", "S091"]',
    'shape = "openai-chat"', 'shape = "trl-messages"', 'target = "gpt-4o-mini"',
    'lang = ["en"]', 'language_engine = "langdetect"', "near_duplicate_threshold = 0.9",
    'near_scope = "prompts"', "drop_duplicates = true", 'keep = "longest"',
    "keep_over_limit = true", "workers = 1", 'targets_file = "targets.toml"',
    'target = "small"',
]
BAD_SETTINGS = [
    'shape = "bogus"', 'language_engine = "bogus"', "select = [1, 2]", "ignore = [true]",
    "near_duplicate_threshold = inf", "near_duplicate_threshold = nan",
    "near_duplicate_threshold = 0", "near_duplicate_threshold = -1",
    "near_duplicate_threshold = 5", "workers = true", "workers = 0", 'select = ["XYZ999"]',
    'target = "gpt-9"', 'targets_file = "missing.toml"', "lang = 5", "nonsense = 1",
    'keep = "middle"', "select = {a = 1}",
]


def config(rng: random.Random) -> tuple[str, bytes] | None:
    """A config file's name and bytes (None: no config)."""
    kind = rng.random()
    if kind < 0.35:
        return None
    lines = rng.sample(GOOD_SETTINGS, rng.randint(0, 3))
    if kind < 0.65:
        lines.append(rng.choice(BAD_SETTINGS))
    body = "\n".join(dict.fromkeys(lines)) + "\n"
    if rng.random() < 0.5:
        return "curator.toml", body.encode()
    if rng.random() < 0.2:
        return "pyproject.toml", b"[tool.curator\nselect = [\n"  # not TOML
    return "pyproject.toml", f'[project]\nname = "x"\n\n[tool.curator]\n{body}'.encode()


def targets(rng: random.Random) -> bytes | None:
    return rng.choice([
        None,
        b'["small"]\nprovider = "trl"\nencoding = "o200k_base"\ntoken_limit = 60\n'
        b'["small".training]\nper_1m = 1\n',
        b'["gpt-4o-mini-2024-07-18".fine_tuned]\ninput = "0.30"\n',
        b'["gpt-4o-mini-2024-07-18".base]\noutput = nan\n',
        b'["tiny"]\nprovider = "trl"\nencoding = "o200k_base"\ntoken_limit = 100\n',
        b'["gpt-4o-mini-2024-07-18"]\ntoken_limit = true\n',
        b"not [ toml",
    ])
