"""A URL as an input: fsspec reads it (where it is installed) in byte ranges, as a file is
read; without fsspec, or for a protocol whose package is missing, the error says what to
install; commands that read their input on this machine refuse a URL and say why."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.model.jsonl import chunk_bounds
from curator.core.model.locations import LocationError, is_url, open_binary, size_of

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "support_chats.jsonl"

pytest.importorskip("fsspec")


def test_what_is_a_url() -> None:
    assert is_url("s3://bucket/data.jsonl") and is_url("file:///tmp/a.jsonl")
    assert not is_url("data.jsonl") and not is_url("C://data.jsonl")  # a drive, not a scheme
    assert not is_url(Path("s3://bucket/data.jsonl"))  # a Path is a local path


def test_a_file_url_reads_as_the_file() -> None:
    url = SAMPLE.as_uri()
    assert size_of(url) == SAMPLE.stat().st_size
    with open_binary(url) as stream:
        stream.seek(100)
        assert stream.read(50) == SAMPLE.read_bytes()[100:150]
    size = SAMPLE.stat().st_size
    assert chunk_bounds(url, size, 4096, 8192) == chunk_bounds(SAMPLE, size, 4096, 8192)
    # the pipeline, here in one process: the same report but for its name
    here = finish(validate_path(SAMPLE, default_settings(workers=1))).report
    there = finish(validate_path(url, default_settings(workers=1))).report
    assert there.findings == here.findings and there.examples == here.examples


def test_a_missing_object_a_missing_protocol_and_no_fsspec(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    with pytest.raises(LocationError, match=r"file:///nowhere/x.jsonl: no such file at this"):
        size_of("file:///nowhere/x.jsonl")
    with pytest.raises(LocationError) as caught:
        size_of("nosuchprotocol://bucket/x.jsonl")
    assert "fsspec cannot read this URL" in str(caught.value)
    assert "here and on every worker" in str(caught.value)
    monkeypatch.setitem(sys.modules, "fsspec", None)  # import fsspec fails
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    with pytest.raises(LocationError) as caught:
        size_of(SAMPLE.as_uri())
    assert "needs fsspec, which is not installed here" in str(caught.value)
    assert "pip install 'curator[dask]'" in str(caught.value)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_takes_a_url_with_dask_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.chdir(tmp_path)
    url = SAMPLE.as_uri()
    code, out, err = run("validate", url)
    assert code == 2 and not out
    assert f"{url}: a URL is read only by the workers of a Dask cluster; add --dask" in err
    for command in (("dedup", url, "-o", "out.jsonl"),
                    ("export", url, "--to", "openai", "-o", "out.jsonl"), ("stats", url)):
        code, out, err = run(*command)
        assert code == 2 and "only `curator-cli validate --dask` reads" in err, command
        assert "copy the file here first" in err
    assert not (tmp_path / "out.jsonl").exists()
    monkeypatch.setitem(sys.modules, "fsspec", None)
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    code, out, err = run("validate", "--dask=tcp://127.0.0.1:9", url)
    assert code == 2 and "needs fsspec, which is not installed here" in err
