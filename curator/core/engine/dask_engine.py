"""A Dask cluster standing in for the process pool: ``--dask`` (a LocalCluster on this
machine) or ``--dask tcp://host:8786`` (an existing scheduler).

The pipeline hands the cluster the same jobs it hands the pool: the chunk function with a
path and a byte range. Each worker opens the path and reads its range itself, so the file
never passes through this process; the chunk results come back in file order and are joined
here exactly as the pool's are, which is why the report is the same byte for byte.

dask and distributed are an optional extra: they are imported here, on first use, and
nowhere else, so the app and the plain CLI neither need nor load them.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, InvalidStateError
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from curator.core.model.locations import is_url, size_of

P = ParamSpec("P")
T = TypeVar("T")

LOCAL = "local"  # --dask alone: a cluster of worker processes on this machine
LOCAL_WORKERS = 2  # a LocalCluster's workers unless --workers says otherwise
CONNECT_SECONDS = 5  # how long a scheduler, and then a first worker, may take to answer
INSTALL = "pip install 'curator[dask]'"

# A LocalCluster's workers start with glibc's own malloc tuning, not the fixed trim
# threshold Dask's nanny sets by default (MALLOC_TRIM_THRESHOLD_=65536): setting it turns off
# glibc's adaptive mmap threshold, so every buffer over 128 KiB (a chunk's bytes, its lines,
# its columns) is mapped and unmapped anew, which made each chunk's checks about 15% slower.
SPAWN_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}

# A LocalCluster has no dashboard, so nothing reads what Dask's diagnostics gather for one:
# each worker's statistical profiler (a thread that walks the running task's stack every
# 10 ms), and every server's event-loop tick (every 20 ms) and system monitor (psutil, every
# 0.5 s), which wake each process of the cluster hundreds of times a second and take the GIL
# from the running check. Measured on 20,000 examples (the sum of both workers): 12.1 s of
# CPU with them, 9.7 s without, and the client's (scheduler, nannies) 1.6 s against 0.95 s.
# The profiler is off and the other two run far less often (a blocked loop is still said).
QUIET = {"distributed.worker.profile.enabled": False,
         "distributed.admin.tick.interval": "1s",
         "distributed.admin.system-monitor.interval": "5s"}

# A LocalCluster's workers are forked from a forkserver (Python's multiprocessing, a
# start method Dask supports) that this process starts before it imports Dask itself: the
# server imports Dask, Curator and the default models (dask_warm) while the client imports
# Dask and starts the scheduler, and each worker is then forked with them loaded, as the
# process pool's are. With spawn, each worker imported Dask, then Curator and the models on
# its first chunk, one after the other after the client's own start.
FORKSERVER_PRELOAD = ["distributed", "curator.core.engine.dask_warm"]

_CLUSTERS: dict[tuple[str, int | None], tuple[Any, Any]] = {}  # -> (client, LocalCluster)
_LOCK = threading.Lock()


class ClusterError(RuntimeError):
    """The cluster named by ``--dask`` cannot run the checks; the message says why and how
    to fix it."""


def failure(error: BaseException) -> BaseException:
    """A task's error as the command should see it: the cluster's own failures (a worker
    that died, a scheduler that went away) become a :class:`ClusterError` that says so; the
    checks' own errors pass unchanged."""
    if not type(error).__module__.startswith("distributed."):
        return error
    return ClusterError(
        f"--dask: the cluster failed while checking the file ({type(error).__name__}: "
        f"{error}); a worker may have died (out of memory? its log says) or the scheduler "
        "stopped; run the command again, give the workers more memory, or run without --dask")


class ClientPool(Executor):
    """A ``distributed.Client`` as a :class:`concurrent.futures.Executor`: each job is one
    task (never cached by its arguments), and its result leaves the cluster as soon as it is
    here (``Client.get_executor`` keeps every result on the workers until shut down)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        done: Future[T] = Future()
        task = self.client.submit(fn, *args, pure=False, **kwargs)

        def settle(task: Any) -> None:
            with contextlib.suppress(InvalidStateError):  # cancelled meanwhile
                try:
                    done.set_result(task.result())
                except BaseException as exc:  # the task's own error, passed on
                    done.set_exception(failure(exc))
                finally:
                    task.release()

        task.add_done_callback(settle)
        done.add_done_callback(lambda future: task.cancel() if future.cancelled() else None)
        return done


def _not_installed(why: object) -> ClusterError:
    return ClusterError(
        f"--dask: Dask is not installed ({why}); install it with {INSTALL}, "
        "or run without --dask (and without dask in the config)")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise _not_installed(exc) from None
    return distributed


def start_forkserver() -> bool:
    """Start the process that forks a LocalCluster's workers, preloaded
    (:data:`FORKSERVER_PRELOAD`), unless it runs already; False where there is none
    (Windows, or a frozen build: the workers are spawned, as Dask does by default; or Dask
    is not installed).

    `curator-cli` calls it at its very start when its arguments ask for a LocalCluster, so
    that the server loads while the command imports Curator and reads its settings; the
    cluster's start calls it again (it then runs already)."""
    if "forkserver" not in multiprocessing.get_all_start_methods() or getattr(
            sys, "frozen", False):  # a frozen program cannot run `python -c` to start one
        return False
    with contextlib.suppress(ImportError, ValueError):
        if importlib.util.find_spec("distributed") is not None:
            return _start_forkserver()
    return False


def _start_forkserver() -> bool:
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    forkserver.ensure_running()  # returns at once: the server loads while we go on
    return True


def stop_forkserver() -> None:
    """End the forkserver that :func:`start_forkserver` started, and with it the models it
    preloaded: for a process that lives on after its LocalCluster (a test run) and wants the
    memory back; the next LocalCluster starts it again. A command needs none of this: the
    server ends with it. (Python offers no public way: this is its own test suite's.)"""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        with contextlib.suppress(OSError):
            stop()


def _local_cluster(distributed: Any, workers: int | None, forked: bool) -> Any:
    import logging

    import dask

    options: dict[str, Any] = {**SPAWN_ENVIRON, **QUIET}
    if forked:
        options["distributed.worker.multiprocessing-method"] = "forkserver"
        # Dask would import its optional packages (pandas among them) into this process to
        # name them as the server's preload; ours runs already, with its own list
        utils: Any = importlib.import_module("distributed.utils")
        if hasattr(utils, "_forkserver_preload_set"):
            utils._forkserver_preload_set = True
    with dask.config.set(options):
        return distributed.LocalCluster(
            n_workers=workers or LOCAL_WORKERS, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR,
            # no dashboard; its small HTTP server (health checks) on any free local
            # port, not on 8787, which another cluster on this machine may hold
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def _connect(address: str, workers: int | None) -> tuple[Any, Any]:
    """(client, the LocalCluster it owns or None)."""
    if address == LOCAL:
        try:
            found = importlib.util.find_spec("distributed")
        except (ImportError, ValueError) as exc:
            raise _not_installed(exc) from None
        if found is None:
            raise _not_installed("no module named 'distributed'")
        forked = start_forkserver()  # before Dask is imported here: both load at once
        distributed = _distributed()
        cluster = _local_cluster(distributed, workers, forked)
        return distributed.Client(cluster), cluster
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"--dask {address}: no Dask scheduler answered within {CONNECT_SECONDS} s ({exc}); "
            f"start one there with `dask scheduler` and workers with `dask worker {address}`, "
            "or correct the address (the --dask option or the dask key of the config)"
        ) from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterError(
            f"--dask {address}: the scheduler has no workers; start some with "
            f"`dask worker {address}` (with curator and its dask extra installed)") from None
    return client, None


def client_for(address: str, workers: int | None = None) -> Any:
    """The client of this cluster, connected (or the LocalCluster started) once a process."""
    with _LOCK:
        key = (address, workers if address == LOCAL else None)
        if key not in _CLUSTERS:
            if not _CLUSTERS:
                atexit.register(close_clusters)
            _CLUSTERS[key] = _connect(address, workers)
        return _CLUSTERS[key][0]


def close_clusters() -> None:
    """Disconnect every client and stop the LocalClusters this process started.

    A LocalCluster's worker processes are ended at once, not asked to close: every result
    this process wanted is here by now (the command has written its output), and a graceful
    close (each worker closing its threads and connections, each nanny waiting for it)
    took 0.4 to 0.6 s at the end of every command."""
    with _LOCK:
        for client, cluster in _CLUSTERS.values():
            client.close()
            if cluster is not None:
                with _quiet("distributed"):  # the scheduler says it lost them: it was told
                    _end_workers(cluster)
                    cluster.close()
        _CLUSTERS.clear()


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Only ``name``'s critical log records while this lasts; then its level as it was, unless
    something set another meanwhile (a LocalCluster's close gives back, at its very end, the
    level from before it started)."""
    import logging

    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        if logger.level == logging.CRITICAL:
            logger.setLevel(level)


def _end_workers(cluster: Any) -> None:
    """End a LocalCluster's worker processes now; each nanny is told first not to start
    its worker again. Nothing is lost: the cluster's results are all in this process."""
    nannies = [nanny for nanny in getattr(cluster, "workers", {}).values()
               if hasattr(nanny, "close_gracefully")]
    if not nannies:
        return  # not a cluster of nannies: its own close does it all

    async def no_restarts() -> None:  # on the cluster's event loop, where nannies live
        for nanny in nannies:
            nanny.close_gracefully(reason="curator: every result is in")

    cluster.sync(no_restarts)
    for nanny in nannies:
        pid = getattr(nanny, "pid", None)  # None when its process is gone already
        if isinstance(pid, int):
            with contextlib.suppress(OSError):
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))


def _file_size(path: str) -> int:
    """On a worker: the size of the file there (or of the URL's object)."""
    return size_of(path)


def check_workers(client: Any, path: Path | str, size: int) -> None:
    """Every worker can read ``path`` and sees the same file (its size) as this process."""
    seen = client.run(_file_size, str(path), on_error="return")
    for worker, answer in sorted(seen.items()):
        if isinstance(answer, BaseException) and is_url(path):
            raise ClusterError(
                f"--dask: the worker {worker} cannot read {path} ({answer}); every worker "
                "reads its own part of the URL with fsspec: install curator[dask] there (and "
                "the package of the URL's protocol: s3fs, gcsfs...), and give the worker "
                "access to it (its credentials)")
        if isinstance(answer, BaseException):
            raise ClusterError(
                f"--dask: the worker {worker} cannot read {path} ({answer}); every worker "
                "reads the file itself, so it must be at the same path on each worker's "
                "machine (a shared filesystem) and readable by the user the worker runs as")
        if answer != size:
            raise ClusterError(
                f"--dask: the worker {worker} sees a different file at {path} ({answer:,} "
                f"bytes, here {size:,}); give every worker the same copy (a shared filesystem)")


def cluster_pool(address: str, workers: int | None, path: Path | str, size: int
                 ) -> tuple[ClientPool, int]:
    """An executor on the cluster, and how many tasks it runs at once (its threads), once
    every worker has shown it can read ``path``."""
    client = client_for(address, workers)
    check_workers(client, path, size)
    slots = sum(client.nthreads().values())
    return ClientPool(client), max(1, slots)
