"""`--dask`: the checks on a real Dask cluster (a `dask scheduler` and two `dask worker`
processes, and a LocalCluster) give byte for byte the reports and outputs of one process and
of the process pool; a cluster that cannot run them is a usage error that says how to fix it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import psutil
import pytest
from click.testing import CliRunner

from curator.cli.main import cli
from curator.core.engine import dask_engine, pipeline
from curator.core.engine.pipeline import finish, validate_path
from curator.core.engine.settings import default_settings
from curator.core.families.duplicates.state import DuplicateState
from curator.core.families.protocol import same_line
from tests.core.dask_fixtures import planted_file, scheduler_with_workers

distributed = pytest.importorskip("distributed")

CHUNK = 48 << 10  # a small file in many chunks: about 27 tasks per run
FAMILIES = {"json", "schema", "structure", "duplicate", "near-duplicate", "token-outlier",
            "language", "special-token", "tool", "pii", "repetition", "contamination"}


def closed() -> None:
    """Every cluster closed, and the forkserver of the LocalClusters ended: nothing of them
    outlives the test (a later test counts this process's children)."""
    dask_engine.close_clusters()
    dask_engine.stop_forkserver()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with scheduler_with_workers(tmp_path_factory.mktemp("dask")) as address:
        try:
            yield address
        finally:
            closed()  # before the scheduler goes


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """The planted file's name relative to this process's folder (not the workers'), and
    the evaluation set; chunks are small so that every run has many tasks."""
    path, evals = planted_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", CHUNK)
    return path.name, evals


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def engines(address: str) -> dict[str, tuple[str, ...]]:
    return {"one process": ("--workers", "1"), "process pool": ("--workers", "2"),
            "scheduler": (f"--dask={address}",)}


def tasks_run(address: str) -> dict[str, int]:
    """How many tasks of each function the scheduler has run so far."""
    client = dask_engine.client_for(address)
    counts: dict[str, int] = client.run_on_scheduler(
        lambda dask_scheduler: {name: prefix.state_counts.get("memory", 0) for name, prefix
                                in dask_scheduler.task_prefixes.items()})
    return counts


def test_validate_on_a_scheduler_is_byte_identical(cluster: str, planted: tuple[str, Path]
                                                   ) -> None:
    name, evals = planted
    reports = {}
    for engine, flags in engines(cluster).items():
        for extra in (("--against", str(evals)), ("--target", "qwen2.5")):
            code, out, err = run("validate", "--format", "json", *flags, *extra, name)
            assert code == 1, (engine, err)
            reports[engine, extra[0]] = out
    for extra in ("--against", "--target"):
        assert reports["scheduler", extra] == reports["one process", extra]
        assert reports["process pool", extra] == reports["one process", extra]
    found = orjson.loads(reports["one process", "--against"])["files"][0]["findings"]
    assert {f["check"] for f in found} >= FAMILIES
    found = orjson.loads(reports["one process", "--target"])["files"][0]["findings"]
    assert any(f["code"].startswith("M") for f in found)  # the templates family
    ran = tasks_run(cluster)
    assert ran["check_chunk"] >= 2 * (Path(name).stat().st_size // CHUNK)  # two runs
    assert ran["verify"] >= 3  # joined there, the shingle sets read one task per worker
    assert 4 <= ran["sets_of_chunks"] <= ran["check_chunk"] // 4


def test_dedup_and_export_on_a_scheduler_write_the_same_bytes(
        cluster: str, planted: tuple[str, Path]) -> None:
    name, _ = planted
    outputs: dict[str, tuple[str, ...]] = {}
    before = tasks_run(cluster)["check_chunk"]
    for engine, flags in engines(cluster).items():
        code, out, err = run("dedup", name, "-o", "deduped.jsonl", "--format", "json", *flags)
        assert code == 0, (engine, err)
        dedup = (digest(Path("deduped.jsonl")), hashlib.sha256(out).hexdigest())
        code, out, err = run("export", name, "--to", "openai", "-o", "out.jsonl", "--split",
                             "0.1", *flags)
        assert code == 0, (engine, err)
        outputs[engine] = (*dedup, digest(Path("out.train.jsonl")),
                           digest(Path("out.validation.jsonl")), out.decode())
    assert outputs["scheduler"] == outputs["one process"] == outputs["process pool"]
    assert Path("deduped.jsonl").stat().st_size < Path(name).stat().st_size
    assert tasks_run(cluster)["check_chunk"] > before


def test_a_url_is_read_by_the_workers(cluster: str, planted: tuple[str, Path]) -> None:
    """A `file://` URL: each worker reads its ranges with fsspec; the report is the local
    run's, byte for byte, but for the name it gives the file."""
    name, evals = planted
    url = Path(name).resolve().as_uri()
    before = tasks_run(cluster).get("check_chunk", 0)
    code, there, err = run("validate", "--format", "json", "--against", str(evals),
                           f"--dask={cluster}", url)
    assert code == 1, err
    _, here, _ = run("validate", "--format", "json", "--against", str(evals), "--workers", "1",
                     name)
    assert orjson.loads(there)["files"][0]["path"] == url
    assert there.replace(url.encode(), name.encode()) == here
    assert tasks_run(cluster)["check_chunk"] - before >= Path(name).stat().st_size // CHUNK


def test_a_url_a_worker_cannot_read_is_named(cluster: str) -> None:
    """An in-memory URL: this process reads it, the workers (other processes) cannot."""
    fsspec = pytest.importorskip("fsspec")
    url = "memory://curator-test/data.jsonl"
    with fsspec.open(url, "wb") as stream:
        stream.write(b"{}\n")
    client = dask_engine.client_for(cluster)
    with pytest.raises(dask_engine.ClusterError) as caught:
        dask_engine.check_workers(client, url, 3)
    message = str(caught.value)
    assert "the worker tcp://127.0.0.1:" in message and f"cannot read {url}" in message
    assert "with fsspec: install curator[dask] there" in message and "credentials" in message


def test_near_duplicates_are_joined_on_the_cluster(cluster: str, planted: tuple[str, Path]
                                                   ) -> None:
    """The client gets the verified pairs and the shingle sets of the rows in clusters only,
    keeps only the rows in groups, and concludes exactly as from every row's."""
    name, _ = planted
    here = finish(validate_path(name, default_settings(workers=1), only=("duplicates",)))
    there = finish(validate_path(name, default_settings(dask=cluster), only=("duplicates",)))
    assert there.report == here.report
    near, joined = here.conclusions["duplicates"], there.conclusions["duplicates"]
    assert isinstance(near, DuplicateState) and isinstance(joined, DuplicateState)
    assert joined.near == near.near and len(joined.near) >= 10
    assert near.index.used > 1500 and joined.index.used * 10 < near.index.used
    assert len(joined.exact) * 10 < len(near.exact)  # rows in groups only, not every row
    assert joined.clusters(same_line) == near.clusters(same_line)
    for a, others in near.near.items():
        for b in others:
            assert joined.index.similarity(a, b) == near.index.similarity(a, b)


def test_a_local_cluster_with_the_flag_alone(planted: tuple[str, Path]) -> None:
    name, evals = planted
    try:
        code, alone, err = run("validate", "--format", "json", "--against", str(evals),
                               "--workers", "2", name, "--dask")
        assert code == 1, err
        client = dask_engine.client_for("local", 2)
        assert len(client.nthreads()) == 2 and set(client.nthreads().values()) == {1}
        # glibc's own malloc tuning, not the nanny's fixed trim threshold (slower checks)
        trim = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
        assert set(trim.values()) == {os.environ.get("MALLOC_TRIM_THRESHOLD_")}
    finally:
        closed()
    _, single, _ = run("validate", "--format", "json", "--against", str(evals), "--workers",
                       "1", name)
    assert alone == single


def _models_loaded() -> tuple[int, int, bool]:
    """On a worker: how many encodings and language models are loaded, and whether the
    forkserver's warm-up module ran in this process (before it was forked)."""
    from curator.core.families.language.detect import _fasttext
    from curator.core.families.tokens.counter import get_encoding

    return (get_encoding.cache_info().currsize, _fasttext.cache_info().currsize,
            "curator.core.engine.dask_warm" in sys.modules)


def _living(process: psutil.Process) -> set[int]:
    """The descendants of ``process`` that are still running (not zombies)."""
    found = set()
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if child.status() != psutil.STATUS_ZOMBIE:
                found.add(child.pid)
    return found


def test_a_local_clusters_workers_start_with_the_models_and_end_at_once(
        capfd: pytest.CaptureFixture[str]) -> None:
    """The workers are forked with Curator and the default models loaded, before any task
    (as the process pool's are); at the end they are ended at once, silently, and their
    nannies do not start them again."""
    try:
        client = dask_engine.client_for("local", 2)
        assert set(client.run(_models_loaded).values()) == {(1, 1, True)}
        # no profiler (every 10 ms), the event-loop tick and the system monitor slowed down
        quiet = client.run(lambda dask_worker: (
            dask_worker.periodic_callbacks["tick"].callback_time,
            dask_worker.periodic_callbacks["monitor"].callback_time,
            "profile" in dask_worker.periodic_callbacks))
        assert set(quiet.values()) == {(1000, 5000, False)}
        workers = set(client.run(os.getpid).values())
        assert len(workers) == 2 and workers <= _living(psutil.Process())
        forkserver = psutil.Process(next(iter(workers))).parent()
        assert forkserver is not None and forkserver.ppid() == os.getpid()
    finally:
        closed()
    time.sleep(1)  # a nanny that restarted its worker would have forked it by now
    assert not workers & _living(psutil.Process())
    assert not forkserver.is_running()  # ended, its workers before it
    said = capfd.readouterr().err
    assert "Traceback" not in said and "CommClosedError" not in said, said


def test_an_unreachable_scheduler_is_a_usage_error(planted: tuple[str, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_SECONDS", 1)
    code, out, err = run("validate", "--dask=tcp://127.0.0.1:9", planted[0])
    assert code == 2 and not out
    assert "--dask tcp://127.0.0.1:9: no Dask scheduler answered within 1 s" in err
    assert "`dask scheduler`" in err
    Path("curator.toml").write_text('dask = "tcp://127.0.0.1:9"\n')  # the config's key
    code, out, err = run("dedup", planted[0], "-o", "out.jsonl")
    assert code == 2 and "--dask tcp://127.0.0.1:9: no Dask scheduler answered" in err
    assert not Path("out.jsonl").exists()


def test_without_dask_installed_the_flag_says_how_to_install_it(
        planted: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    code, _, err = run("export", planted[0], "--to", "openai", "-o", "out.jsonl",
                       "--dask=tcp://127.0.0.1:9")
    assert code == 2 and "pip install 'curator[dask]'" in err
    assert not Path("out.jsonl").exists()


def test_a_worker_that_cannot_read_the_file_is_named(cluster: str, tmp_path: Path) -> None:
    client = dask_engine.client_for(cluster)
    missing = tmp_path / "nowhere" / "data.jsonl"
    with pytest.raises(dask_engine.ClusterError) as caught:
        dask_engine.check_workers(client, missing, 10)
    message = str(caught.value)
    assert "the worker tcp://127.0.0.1:" in message and f"cannot read {missing}" in message
    assert "same path" in message and "shared filesystem" in message
    there = tmp_path / "data.jsonl"
    there.write_bytes(b"{}\n")
    with pytest.raises(dask_engine.ClusterError, match="sees a different file"):
        dask_engine.check_workers(client, there, 10)


def _worker_dies() -> None:
    from distributed.comm.core import CommClosedError

    raise CommClosedError("in <TCP (closed)>: the worker went away")


def _check_fails() -> None:
    raise ValueError("a bug in a check")


def test_a_cluster_failure_is_said_as_one_and_a_checks_error_passes(cluster: str) -> None:
    pool = dask_engine.ClientPool(dask_engine.client_for(cluster))
    with pytest.raises(dask_engine.ClusterError, match=r"the cluster failed .*CommClosedError"):
        pool.submit(_worker_dies).result(timeout=30)
    with pytest.raises(ValueError, match="a bug in a check"):
        pool.submit(_check_fails).result(timeout=30)


def test_the_cli_starts_the_forkserver_before_the_command_when_asked_for_a_local_cluster(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`--dask` alone (or `--dask=local`) starts the forkserver first thing, so that it loads
    while the command imports Curator; an address, or no --dask, does not."""
    from curator.cli import main as cli_main
    from curator.core import api

    asked = [["validate", "data.jsonl", "--dask"], ["validate", "--dask", "--workers", "2",
                                                      "data.jsonl"],
             ["export", "data.jsonl", "--dask=local", "--to", "openai", "-o", "o.jsonl"]]
    not_asked = [["validate", "data.jsonl"], ["validate", "--dask=tcp://10.0.0.5:8786", "x"],
                 ["validate", "--dask", "tcp://10.0.0.5:8786"], ["codes"]]
    for args in asked:
        assert cli_main._asks_local_cluster(args), args
    for args in not_asked:
        assert not cli_main._asks_local_cluster(args), args
    calls: list[str] = []
    monkeypatch.setattr(api, "start_forkserver", lambda: calls.append("forkserver") or True)
    monkeypatch.setattr(cli_main, "cli", lambda **_: calls.append("command"))
    monkeypatch.setattr(cli_main, "fork_workers", lambda: None)  # this process has threads
    monkeypatch.setattr(sys, "argv", ["curator-cli", *asked[0]])
    cli_main.main()
    monkeypatch.setattr(sys, "argv", ["curator-cli", *not_asked[0]])
    cli_main.main()
    assert calls == ["forkserver", "command", "command"]
