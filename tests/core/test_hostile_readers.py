"""Issue 15, items 6 and 7: hostile Alpaca rows and damaged XLSX files.

An Alpaca row whose ``history`` is not a list of [instruction, output] string pairs is a
skipped line with its reason; a workbook that is not a zip, lacks a part, is cut short or
carries a DOCTYPE with entities is a FormatError naming the file; never a traceback.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import orjson
import pandas as pd
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.export.readers import FormatError, read_jsonl, read_table

GOOD = {"instruction": "Reset the router?", "input": "", "output": "Hold reset for 10 s."}


@pytest.mark.parametrize(("history", "says"), [
    (5, "`history` is a number (5), not a list"),
    (2.5, "`history` is a number (2.5), not a list"),
    (True, "`history` is a boolean (true), not a list"),
    ("earlier turns", '`history` is a string ("earlier turns"), not a list'),
    ({"a": "b"}, "`history` is an object"),
    ([["only one"]], "`history[0]` is an array"),
    ([["q", "a"], "qa"], '`history[1]` is a string ("qa")'),
    ([["q", 5]], "not an [instruction, output] pair of strings"),
    ([["q", "a", "extra"]], "`history[0]`"),
    ([None], "`history[0]` is null"),
])
def test_alpaca_history_of_the_wrong_shape_is_a_skipped_line(
        tmp_path: Path, history: object, says: str) -> None:
    path = tmp_path / "alpaca.jsonl"
    path.write_bytes(orjson.dumps(GOOD) + b"\n" + orjson.dumps({**GOOD, "history": history}))
    good, bad = list(read_jsonl(path, "alpaca"))
    assert good.value is not None and bad.value is None
    assert bad.line == 2
    assert bad.problem.startswith("cannot convert from alpaca: ")
    assert says in bad.problem


@pytest.mark.parametrize("history", [None, []])
def test_alpaca_without_history_converts(tmp_path: Path, history: object) -> None:
    path = tmp_path / "alpaca.jsonl"
    path.write_bytes(orjson.dumps({**GOOD, "history": history}))
    (row,) = read_jsonl(path, "alpaca")
    assert row.value == {"messages": [{"role": "user", "content": GOOD["instruction"]},
                                      {"role": "assistant", "content": GOOD["output"]}]}


def test_convert_reports_a_bad_history_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "alpaca.jsonl"
    path.write_bytes(orjson.dumps({**GOOD, "history": 5}) + b"\n" + orjson.dumps(GOOD) + b"\n")
    result = CliRunner().invoke(cli, ["convert", "--from", "alpaca", str(path),
                                      "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert f"{path}:1: skipped: cannot convert from alpaca: `history` is a number" in result.stdout
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 1


# -- XLSX -----------------------------------------------------------------------------------

def _workbook() -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"q": ["hi", "yo"], "a": ["hello", "sup"]}).to_excel(buffer, index=False)
    return buffer.getvalue()


def _rezip(drop: tuple[str, ...] = (), replace: dict[str, str] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in source.namelist():
            if name not in drop:
                out.writestr(name, (replace or {}).get(name, source.read(name)))
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">'
          + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>")


def _sheet(prefix: str, cell: str) -> dict[str, str]:
    sheet = zipfile.ZipFile(io.BytesIO(_workbook())).read(SHEET).decode()
    return {SHEET: prefix + sheet.replace(">hi<", f">{cell}<")}


BROKEN: dict[str, tuple[bytes, str]] = {
    "csv-renamed": (b"q,a\nhi,hello\n", "not a complete XLSX workbook"),
    "empty": (b"", "not a complete XLSX workbook"),
    "truncated": (_workbook()[:1500], "not a complete XLSX workbook"),
    "no-workbook": (_rezip(drop=("xl/workbook.xml",)), "lacks a part every workbook has"),
    "no-content-types": (_rezip(drop=("[Content_Types].xml",)), "lacks a part"),
    "no-sheet": (_rezip(drop=(SHEET,)), "0 worksheets found"),
    "empty-zip": (_rezip(drop=tuple(zipfile.ZipFile(io.BytesIO(_workbook())).namelist())),
                  "lacks a part"),
    "broken-xml": (_rezip(replace={"xl/workbook.xml": "<workbook"}), "malformed"),
    "external-entity": (_rezip(replace=_sheet(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
        "&e;")), "undefined entity"),
    "billion-laughs": (_rezip(replace=_sheet(LAUGHS, "&l9;")), "amplification"),
}


@pytest.mark.parametrize(("data", "says"), list(BROKEN.values()), ids=list(BROKEN))
def test_a_damaged_workbook_is_a_format_error(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "faq.xlsx"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        list(read_table(path, "xlsx", "q", "a"))
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read as xlsx: ")
    assert says in message


@pytest.mark.parametrize("name", ["truncated", "billion-laughs", "no-workbook"])
def test_convert_of_a_damaged_workbook_exits_2_without_output(tmp_path: Path, name: str
                                                              ) -> None:
    path = tmp_path / "faq.xlsx"
    path.write_bytes(BROKEN[name][0])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(out),
                                      "--question", "q", "--answer", "a"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"curator-cli: error: {path}: cannot read as xlsx: " in result.stderr
    assert not out.exists()


def test_a_sound_workbook_still_converts(tmp_path: Path) -> None:
    path = tmp_path / "faq.xlsx"
    path.write_bytes(_workbook())
    rows = list(read_table(path, "xlsx", "q", "a"))
    assert [row.line for row in rows] == [2, 3] and all(row.value for row in rows)
