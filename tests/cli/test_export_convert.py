from __future__ import annotations

from pathlib import Path

import orjson
import pandas as pd
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.families.schema.example import check_example
from curator.core.model.findings import Severity
from curator.core.model.schema import Shape

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _valid_openai(path: Path) -> list[dict[str, object]]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    for i, row in enumerate(rows, 1):
        errors = [f for f in check_example(row, i, Shape.OPENAI_CHAT)
                  if f.severity is Severity.ERROR]
        assert errors == [], errors
    return rows


def test_sharegpt_converts_to_valid_openai(tmp_path: Path) -> None:
    out = tmp_path / "sg.jsonl"
    code, output = _invoke("convert", str(SAMPLES / "sharegpt.jsonl"), "-o", str(out))
    assert code == 0, output
    assert "sharegpt.jsonl:4: skipped" in output and "'robot'" in output
    rows = _valid_openai(out)
    assert len(rows) == 3
    tool_call = rows[1]["messages"][2]  # type: ignore[index]
    assert tool_call["tool_calls"][0]["function"]["arguments"] == '{"order_id":"55120"}'
    manifest = orjson.loads((tmp_path / "sg.manifest.json").read_bytes())
    assert manifest["source_lines"] == [1, 2, 3]
    assert manifest["format"] == "sharegpt"


def test_alpaca_converts_to_valid_openai(tmp_path: Path) -> None:
    out = tmp_path / "al.jsonl"
    code, output = _invoke("convert", str(SAMPLES / "alpaca.jsonl"), "-o", str(out))
    assert code == 0, output
    rows = _valid_openai(out)
    assert [m["role"] for m in rows[3]["messages"]] == [  # type: ignore[index]
        "user", "assistant", "user", "assistant"]
    assert rows[0]["messages"][0]["content"].startswith(  # type: ignore[index]
        "Summarise the refund policy in one sentence.\n\nRefunds")
    assert rows[2]["messages"][0]["role"] == "system"  # type: ignore[index]


def test_tables_need_their_columns_named(tmp_path: Path) -> None:
    out = tmp_path / "faq.jsonl"
    code, output = _invoke("convert", str(SAMPLES / "faq.csv"), "-o", str(out))
    assert code == 2 and "--question COLUMN and --answer COLUMN" in output
    code, output = _invoke("convert", str(SAMPLES / "faq.csv"), "-o", str(out),
                           "--question", "question", "--answer", "reply")
    assert code == 2 and "no column 'reply'" in output
    code, output = _invoke("convert", str(SAMPLES / "faq.csv"), "-o", str(out),
                           "--question", "question", "--answer", "answer")
    assert code == 0 and "faq.csv:4: skipped" in output
    assert len(_valid_openai(out)) == 2


def test_xlsx(tmp_path: Path) -> None:
    table = tmp_path / "faq.xlsx"
    pd.DataFrame({"Q": ["Is there a student discount?"],
                  "A": ["Yes, 20% with a valid student card."]}).to_excel(table, index=False)
    out = tmp_path / "x.jsonl"
    code, output = _invoke("convert", str(table), "-o", str(out), "--question", "Q",
                           "--answer", "A")
    assert code == 0, output
    assert _valid_openai(out)[0]["messages"][1]["content"].startswith("Yes")  # type: ignore[index]


def test_unsure_format_asks_for_from(tmp_path: Path) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"text": "hello"}\n')
    code, output = _invoke("convert", str(odd), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "pass --from" in output


def test_export_cli_split_writes_two_files_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "data.jsonl"
    code, output = _invoke("export", str(SAMPLES / "support_chats.jsonl"), "--to", "openai",
                           "-o", str(out), "--split", "0.1", "--drop-duplicates",
                           "--target", "gpt-4o-mini")
    assert code == 0, output
    assert (tmp_path / "data.train.jsonl").exists()
    assert (tmp_path / "data.validation.jsonl").exists()
    manifest = orjson.loads((tmp_path / "data.manifest.json").read_bytes())
    assert manifest["settings"]["split"] == 0.1 and manifest["counts"]["excluded"] >= 7
    code, output = _invoke("export", str(SAMPLES / "support_chats.jsonl"), "--to", "openai",
                           "-o", str(tmp_path / "missing" / "x.jsonl"))
    assert code == 2 and "does not exist" in output
