"""Masking on export, and messages that never print a whole value, in every output format."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import curator.core.engine.pipeline as pipeline
from curator.core.engine.pipeline import Analysis, finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.export.files import export, manifest_path
from curator.core.export.plan import ExportOptions
from curator.core.families.pii.codes import CODE_KINDS
from curator.core.families.pii.mask import Book, Span, digest, mask_value, text_at
from curator.core.model.render import RENDERERS
from tests.core import pii_corpus

SECRET = "sk-proj-" + "Ab3De5Gh7J" * 7 + "T3BlbkFJ" + "Xy9Zw8Vu7T" * 7
MAIL, PHONE, CARD = "maria.garcia@gmail.com", "+44 20 7123 4567", "4539 1488 0343 6467"
IBAN, IP = "DE44 5001 0517 5407 3249 31", "81.2.69.160"
VALUES = (SECRET, MAIL, PHONE, CARD, IBAN, IP)


def _chat(user: str, reply: str = "Thanks, noted.") -> bytes:
    return orjson.dumps({"messages": [{"role": "user", "content": user},
                                      {"role": "assistant", "content": reply}]})


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    lines = [_chat("How do I reset my router?", "Hold the button for 10 seconds.")] * 3 + [
        _chat(f"My key is {SECRET}, mail me at {MAIL}", f"I will write to {MAIL}."),
        _chat(f"Call {PHONE} or pay with {CARD}; refund to {IBAN}"),
        _chat(f"I log in from {IP}; my other address is wei.zhang@outlook.com"),
        _chat(f"Again: {MAIL}, and I am already [EMAIL_4] elsewhere"),
    ] + [_chat("What are your opening hours?", "9 to 5 on weekdays.")] * 4
    path = tmp_path / "planted.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _check(path: Path, **values: object) -> Analysis:
    return finish(validate_path(path, default_settings(workers=1, **values)))


@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_no_output_format_prints_a_whole_value(planted: Path, form: str) -> None:
    analysis = _check(planted)
    assert {f.code for f in analysis.report.findings} >= set(CODE_KINDS)
    printed = RENDERERS[form]([analysis.report])
    for value in VALUES:
        assert value not in printed and value.replace(" ", "") not in printed
    for start in range(0, len(SECRET) - 8):  # not even 9 characters of the key in a row
        assert SECRET[start:start + 9] not in printed
    assert "sk-p…" in printed and "m…@gmail.com" in printed


def _export(path: Path, out: Path, **values: object) -> dict[str, object]:
    return export(path, _check(path, **values), out, ExportOptions(to="openai"))


def test_masked_export_numbers_values_in_file_order_and_revalidates_clean(
        planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "masked.jsonl"
    manifest = _export(planted, out, mask_pii=True)
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    users = [r["messages"][0]["content"] for r in rows]
    assert users[3] == "My key is [SECRET_1], mail me at [EMAIL_5]"  # after the [EMAIL_4]
    assert rows[3]["messages"][1]["content"] == "I will write to [EMAIL_5]."
    assert users[4] == "Call [PHONE_1] or pay with [CARD_1]; refund to [IBAN_1]"
    assert users[5] == "I log in from [IP_1]; my other address is [EMAIL_6]"
    assert users[6] == "Again: [EMAIL_5], and I am already [EMAIL_4] elsewhere"
    assert manifest["notes"] == {"pii": {  # type: ignore[comparison-overlap]
        "masked": {"card": 1, "email": 4, "iban": 1, "ip": 1, "phone": 1, "secret": 1},
        "lines": [4, 5, 6, 7],
        "summary": "masked 1 card, 4 email, 1 iban, 1 ip, 1 phone, 1 secret on 4 line(s)"}}
    assert orjson.loads(manifest_path(out).read_bytes())["settings"]["mask_pii"] is True
    again = _check(out)
    assert [f for f in again.report.findings if f.code in CODE_KINDS] == []


def test_lines_without_a_mask_are_byte_identical_and_secrets_are_kept_only_masked(
        planted: Path, tmp_path: Path) -> None:
    plain, masked = tmp_path / "plain.jsonl", tmp_path / "masked.jsonl"
    unmasked = _export(planted, plain)
    _export(planted, masked, mask_pii=True)
    excluded = {e["line"]: e["reason"] for e in unmasked["excluded"]}  # type: ignore[attr-defined]
    assert list(excluded) == [4] and "P001" in excluded[4] and "--mask-pii" in excluded[4]
    plain_lines = dict(zip([n for n in range(1, 12) if n != 4],
                           plain.read_bytes().splitlines(), strict=True))
    masked_lines = dict(zip(range(1, 12), masked.read_bytes().splitlines(), strict=True))
    for line, data in plain_lines.items():
        if line in (5, 6, 7):
            assert data != masked_lines[line]
        else:
            assert data == masked_lines[line], line


def test_numbering_does_not_depend_on_how_the_file_is_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines, _ = pii_corpus.build(300, seed=5)
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    whole = tmp_path / "whole.jsonl"
    _export(path, whole, mask_pii=True)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 4096)  # dozens of chunks
    cut = tmp_path / "cut.jsonl"
    _export(path, cut, mask_pii=True)
    assert whole.read_bytes() == cut.read_bytes()
    assert b"[PHONE_" in whole.read_bytes() and b"[SECRET_" in whole.read_bytes()
    again = _check(whole)
    assert [f for f in again.report.findings if f.code in CODE_KINDS] == []


def test_an_ignored_code_is_neither_reported_nor_masked(planted: Path, tmp_path: Path
                                                        ) -> None:
    out = tmp_path / "masked.jsonl"
    manifest = _export(planted, out, mask_pii=True, ignore=("P003",))
    assert PHONE in out.read_text("utf-8")
    assert "phone" not in manifest["notes"]["pii"]["masked"]  # type: ignore[index]


def test_masking_json_text_keeps_it_json() -> None:
    arguments = orjson.dumps({"note": "line\nnext", "to": MAIL}).decode()
    value = {"messages": [{"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}]}]}
    path = "messages[0].tool_calls[0].function.arguments"
    start = arguments.index(MAIL)
    span = Span(path, start, start + len(MAIL), "email", digest("email", MAIL))
    masked, counts = mask_value(value, [span], Book())
    assert counts == {"email": 1} and value["messages"][0]["tool_calls"][0] is not (
        masked["messages"][0]["tool_calls"][0])
    assert orjson.loads(text_at(masked, path) or "") == {"note": "line\nnext", "to": "[EMAIL_1]"}
