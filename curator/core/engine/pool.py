"""The worker processes that check a large file's chunks, and results in submission order.

One pool serves the process until :func:`stop_workers` (the app ends it after each check),
so workers stay warm between files; beside it, a one-worker pool checks a small file's
slow-starting families (:func:`side_worker`, overlap.py). Workers start
by spawn unless the program declares it has one thread (:func:`fork_workers`), and at this
process's priority unless it asks for lower (:func:`background_workers`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

_EXECUTOR: Executor | None = None
_SIDE: Executor | None = None
_LOCK = threading.Lock()
_FORK = False
_NICE = 0
BACKGROUND_NICE = 10  # a worker's share of a core against the app's GUI thread: about 1/10


def fork_workers() -> None:
    """Let worker processes start by fork (fast: they inherit what is loaded).

    Only a program that knows it has one thread may call this: `curator-cli` does, at start.
    Forking once threads exist can copy a lock another thread holds into the child, which
    then waits forever; Qt's threads are invisible to ``threading``, so the app could not
    even tell. Everyone else gets spawn, which is safe everywhere.
    """
    global _FORK
    _FORK = os.name == "posix"


def background_workers() -> None:
    """Start workers from now on at a lower priority than this process (the app does, at
    start). Its GUI thread then gets a core when it wants one: with as many busy workers as
    cores, the operating system would otherwise share each core between a worker and the
    GUI thread, and leave the window unable to react for a few hundred milliseconds at a
    time. The workers lose nothing while the window is idle."""
    global _NICE
    _NICE = BACKGROUND_NICE


def _lower_priority(nice: int) -> None:
    """Run this process ``nice`` steps below normal (on Windows: below normal)."""
    if not nice:
        return
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            kernel = ctypes.windll.kernel32
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), below_normal)
        else:
            os.nice(nice)
    except OSError:
        pass  # not allowed here: run at the normal priority


def forking() -> bool:
    """True when workers start by fork (:func:`fork_workers`)."""
    return _FORK


def forks_next() -> bool:
    """True when the next :func:`executor` call will fork workers from this process (so what
    is loaded now is shared with them)."""
    return _FORK and _EXECUTOR is None


def _ready() -> bool:
    return True


def _watch_parent(parent: int, nice: int = 0) -> None:
    """Worker start-up: lower its priority by ``nice`` (:func:`background_workers`); end
    this worker when the process that started it is gone (killed or crashed), instead of
    idling on forever with its memory; and ignore Ctrl-C, which the terminal sends to every
    process of the group: the parent stops the workers itself.

    ``multiprocessing.parent_process()`` carries a handle that the operating system signals
    when the parent ends: a pipe on POSIX, a process handle on Windows (where a dead parent's
    id is never replaced, so watching ``os.getppid()`` would wait forever).
    """
    _lower_priority(nice)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):  # held back since the fork (_starting): dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    handle = multiprocessing.parent_process()

    def watch() -> None:
        if handle is not None:
            handle.join()
        else:
            while os.getppid() == parent:
                time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


@contextmanager
def _starting() -> Iterator[None]:
    """Hold Ctrl-C back while workers start: a worker forked (or spawned) before its
    initializer ignores SIGINT would die of it with a traceback. The workers inherit the
    block and drop what was held (:func:`_watch_parent`); this process gets it afterwards."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, every one started before it is returned."""
    if _FORK:
        # what exists now is the workers' too: keep their collector off it, or its passes
        # would copy every shared page (Python's advice for fork)
        gc.freeze()
    with _starting():
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(
            "fork" if _FORK else "spawn"), initializer=_watch_parent,
            initargs=(os.getpid(), _NICE))
        for future in [pool.submit(_ready) for _ in range(workers)]:
            future.result()  # every worker started now, before anything else runs
    if _FORK:
        gc.unfreeze()
    return pool


def executor() -> Executor:
    """The process pool, with every worker started."""
    global _EXECUTOR
    with _LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = _start(max(2, os.cpu_count() or 2))
        return _EXECUTOR


def side_worker() -> Executor:
    """One worker beside this process, kept like the pool: it checks a small file's
    slow-starting families (overlap.py), which then start once for every file of a run."""
    global _SIDE
    with _LOCK:
        if _SIDE is None:
            _SIDE = _start(1)
        return _SIDE


def stop_workers() -> None:
    """End the pools at once: their workers are stopped mid-job, queued jobs dropped; the
    next :func:`executor` or :func:`side_worker` call starts a new one. Ctrl-C calls it, and
    the app when its last check is over (idle workers would keep their memory for the app's
    life)."""
    global _EXECUTOR, _SIDE
    with _LOCK:
        pools = [_EXECUTOR, _SIDE]
        _EXECUTOR = _SIDE = None
    for pool in pools:
        if isinstance(pool, ProcessPoolExecutor):
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=1)


def in_order(function: Callable[..., Any], jobs: Iterable[tuple[Any, ...]], window: int,
             pool: Executor | None = None) -> Iterator[Any]:
    """``function(*job)`` for every job on the pool (or on ``pool``: a Dask cluster's),
    yielded in job order, with at most ``window`` jobs queued (every worker busy, the whole
    file never queued at once)."""
    pool = pool or executor()
    pending = iter(jobs)
    futures: list[Future[Any]] = [pool.submit(function, *job)
                                  for job in _take(pending, window)]
    try:
        while futures:
            result = futures.pop(0).result()
            futures.extend(pool.submit(function, *job) for job in _take(pending, 1))
            yield result
    finally:
        for future in futures:
            future.cancel()


def _take(jobs: Iterator[tuple[Any, ...]], n: int) -> list[tuple[Any, ...]]:
    return [job for _, job in zip(range(n), jobs, strict=False)]
