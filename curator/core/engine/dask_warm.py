"""Imported, for its effect, by the process that forks a LocalCluster's workers
(multiprocessing's forkserver, started by :mod:`~curator.core.engine.dask_engine` before the
client imports Dask): Curator's engine and families, and the models the default settings
use (the tokenizer, the language model), loaded there once, are every worker's from its
first instant, as the process pool's forked workers have them.

A run whose settings name other models (another target, a tokenizer file) loads those on
each worker's first chunk, as before. Warming is best effort: whatever fails here fails
again, with its own message, where the worker checks its first chunk.
"""

from __future__ import annotations

import gc


def warm() -> None:
    """Load the engine, the families and the default models into this process, and keep
    the collector off them (the forked workers then share their pages)."""
    try:
        from curator.core.engine.pipeline import load_models
        from curator.core.engine.settings import default_settings

        load_models(default_settings())
    except Exception:  # best effort: the worker's first chunk says what is wrong
        pass
    gc.freeze()


warm()
