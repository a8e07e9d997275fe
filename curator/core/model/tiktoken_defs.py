"""tiktoken's own definitions of its encodings, read without anything being downloaded.

``tiktoken_ext.openai_public`` defines each encoding as a function that downloads its ranks
and returns them with the encoding's regex and special tokens. Curator calls those functions
with a loader of its own in place of the download: the tokens family with the shipped rank
files, the special-token family with none at all (it only wants the special tokens), so
nothing here is a copy that could drift from tiktoken and nothing touches the network.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

Loader = Callable[..., dict[bytes, int]]  # (url, expected_hash=None) -> ranks

_PATCH_LOCK = threading.Lock()  # one lock for every patch of the module, so none outlives it


def definition(name: str, loader: Loader) -> dict[str, Any]:
    """tiktoken's definition of encoding ``name`` (its constructor's keyword arguments),
    with ``loader`` called in place of tiktoken's download of the ranks."""
    import tiktoken_ext.openai_public as public

    with _PATCH_LOCK:
        download = public.load_tiktoken_bpe
        public.load_tiktoken_bpe = loader
        try:
            params: dict[str, Any] = getattr(public, name)()
        finally:
            public.load_tiktoken_bpe = download
    return params


def _no_ranks(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    return {}


@cache
def special_tokens(name: str) -> dict[str, int]:
    """The special tokens tiktoken defines for encoding ``name`` (text -> id)."""
    return dict(definition(name, _no_ranks)["special_tokens"])
