"""`curator-cli validate` and `export` with the pii family's codes and settings."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from curator.cli.main import cli

KEY = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"


def _file(tmp_path: Path) -> Path:
    rows = [{"messages": [{"role": "user", "content": text},
                          {"role": "assistant", "content": "Thanks, noted."}]}
            for text in ("How do I reset my router?", f"My token is {KEY}",
                         "From 10.0.0.7 and 81.2.69.160", "Call me on +44 20 7123 4567")]
    path = tmp_path / "chats.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_validate_reports_secrets_as_errors_and_selects_like_any_code(tmp_path: Path) -> None:
    path = _file(tmp_path)
    code, out = run("validate", str(path), "--select", "P")
    assert code == 1 and KEY not in out
    assert f"{path}:2:1: P001 error [messages[0].content] a GitHub token (ghp_…3hJ5)" in out
    assert "P006" in out and "10.0.0.7" not in out and "P003" in out
    code, out = run("validate", str(path), "--select", "P", "--ignore", "P001")
    assert code == 0 and "P001" not in out
    code, out = run("validate", str(path), "--select", "P006", "--pii-private-ips")
    assert out.count("P006") == 2
    code, out = run("validate", str(path), "--select", "P003", "--pii-phone-regions", "US,DE")
    assert "P003" in out  # +44 is international: found from any region
    code, out = run("validate", str(path), "--pii-phone-regions", "XX")
    assert code == 2 and "XX" in out and "ISO" in out


def test_export_leaves_secrets_out_unless_masked(tmp_path: Path) -> None:
    path = _file(tmp_path)
    out = tmp_path / "out.jsonl"
    code, text = run("export", str(path), "--to", "openai", "-o", str(out))
    assert code == 0 and "excluded 1" in text
    assert KEY.encode() not in out.read_bytes() and b"81.2.69.160" in out.read_bytes()
    code, text = run("export", str(path), "--to", "openai", "-o", str(out), "--mask-pii")
    assert code == 0 and "pii: masked 1 ip, 1 phone, 1 secret on 3 line(s)" in text
    data = out.read_bytes()
    assert b"My token is [SECRET_1]" in data and b"[IP_1]" in data and b"[PHONE_1]" in data
    manifest = orjson.loads((tmp_path / "out.manifest.json").read_bytes())
    assert manifest["notes"]["pii"]["lines"] == [2, 3, 4]
