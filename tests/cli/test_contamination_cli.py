"""`--against` on the command line and in the config, and `export --drop-contaminated`."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from datagen.synth import chat_lines

ANSWER = ("Everyone has the right to freedom of thought, conscience and religion; this right "
          "includes freedom to change his religion or belief.")
QUESTION = "Which freedoms does article eighteen of the declaration protect, in full?"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    rows = list(chat_lines(30, seed=2))
    rows[4] = orjson.dumps({"messages": [{"role": "user", "content": QUESTION},
                                         {"role": "assistant", "content": ANSWER}]})
    (tmp_path / "train.jsonl").write_bytes(b"\n".join(rows) + b"\n")
    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "answers.txt").write_text(f"{ANSWER}\n", encoding="utf-8")
    (tmp_path / "evals" / "questions.jsonl").write_text(
        json.dumps({"question": QUESTION, "answer": "Thought, conscience and religion."})
        + "\n", encoding="utf-8")
    return tmp_path


def codes(output: str) -> set[tuple[int, str, str]]:
    doc = orjson.loads(output)
    return {(f["line"], f["code"], Path(f["ref"]["path"]).name)
            for f in doc["files"][0]["findings"] if "ref" in f}


def test_against_is_repeatable(folder: Path) -> None:
    code, out = run("validate", "--format", "json", "--against",
                    str(folder / "evals" / "answers.txt"), "--against",
                    str(folder / "evals" / "questions.jsonl"), str(folder / "train.jsonl"))
    assert code == 0, out
    assert codes(out) == {(5, "E002", "answers.txt"), (5, "E001", "questions.jsonl")}
    finding = next(f for f in orjson.loads(out)["files"][0]["findings"] if f["code"] == "E002")
    assert finding["ref"] == {"path": str(folder / "evals" / "answers.txt"), "line": 1,
                              "similarity": 1.0}


def test_against_in_the_config_is_relative_to_it(folder: Path) -> None:
    (folder / "curator.toml").write_text('against = ["evals/answers.txt"]\n')
    code, out = run("validate", "--format", "json", str(folder / "train.jsonl"))
    assert code == 0, out
    assert codes(out) == {(5, "E002", "answers.txt")}


def test_a_missing_evaluation_file_is_a_usage_error(folder: Path) -> None:
    code, out = run("validate", "--against", str(folder / "nope.jsonl"),
                    str(folder / "train.jsonl"))
    assert code == 2
    assert "no such evaluation file" in out and "nope.jsonl" in out
    assert "Traceback" not in out


def test_export_leaves_contaminated_examples_out(folder: Path) -> None:
    out = folder / "clean.jsonl"
    code, text = run("export", str(folder / "train.jsonl"), "--to", "openai", "-o", str(out),
                     "--against", str(folder / "evals" / "answers.txt"),
                     "--drop-contaminated")
    assert code == 0, text
    assert "excluded 1: contaminated" in text
    manifest = json.loads((folder / "clean.manifest.json").read_text())
    assert {"line": 5, "reason": "contaminated: answers.txt line 1"} in manifest["excluded"]
    assert manifest["settings"]["drop_contaminated"] is True
    assert manifest["settings"]["against"] == [str(folder / "evals" / "answers.txt")]
    assert ANSWER not in out.read_text()
    code, text = run("export", str(folder / "train.jsonl"), "--to", "openai", "-o", str(out),
                     "--against", str(folder / "evals" / "answers.txt"))
    assert code == 0 and "contaminated" not in text  # found, but kept unless asked
