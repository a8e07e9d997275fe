"""JSON nested just under the J004 limit (960-1023 levels) in any field: every command
reports it or leaves the line out, never a traceback (issue 15, item 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.families.duplicates.identity import canonical
from datagen.synth import chat_lines


def nested(depth: int, leaf: str = '"x"') -> str:
    return "[" * depth + leaf + "]" * depth


def deep_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def deep_lines(depth: int) -> list[bytes]:
    reply = '{"role":"assistant","content":"It ships tomorrow, as the order page says."}'
    user = '{"role":"user","content":"Where is my parcel? It was due on Monday."}'
    return [line.encode() for line in (
        f'{{"messages":[{user},{reply}],"extra":{nested(depth)}}}',
        f'{{"messages":[{{"role":"user","content":{nested(depth)}}},{reply}]}}',
        f'{{"messages":[{user},{{"role":"assistant","content":null,"tool_calls":[{{"id":"c",'
        f'"type":"function","function":{{"name":"f","arguments":{deep_object(depth)}}}}}]}}]}}',
        f'{{"messages":[{user},{reply}],"tools":[{{"type":"function","function":{{"name":"f",'
        f'"parameters":{{"type":"object","properties":{deep_object(depth)}}}}}}}]}}',
    )]


@pytest.fixture(params=[300, 960, 1000, 1023])
def deep_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    lines = list(chat_lines(30, seed=2)) + deep_lines(request.param)
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("args", [
    ["validate"], ["validate", "--format", "json"], ["validate", "--format", "sarif"],
    ["export", "--to", "openai", "-o", "OUT"], ["export", "--to", "trl-messages", "-o", "OUT"],
    ["dedup", "-o", "OUT"], ["stats"], ["cost"]])
def test_every_command_survives_deep_nesting(deep_file: Path, args: list[str]) -> None:
    args = [a.replace("OUT", str(deep_file.with_name("out.jsonl"))) for a in args]
    result = CliRunner().invoke(cli, [args[0], str(deep_file), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert result.exit_code in (0, 1), result.output


def test_export_leaves_out_what_it_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"\n".join(list(chat_lines(30, seed=2)) + deep_lines(600)) + b"\n")
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "curator.cli.main", "export", str(path),
                             "--to", "openai", "-o", str(out)], capture_output=True, text=True,
                            check=False)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    manifest = orjson.loads(out.with_name("out.manifest.json").read_bytes())
    deep = {e["line"] for e in manifest["excluded"]}
    assert {32, 33, 34} <= deep  # the content, the arguments and the tool schema
    for line in out.read_bytes().splitlines():
        orjson.loads(line)  # every written line reads back


def test_canonical_form_has_no_depth_limit() -> None:
    value: list[object] = []
    for _ in range(50_000):
        value = [value]
    assert canonical(value).count("\x02") == 50_001
