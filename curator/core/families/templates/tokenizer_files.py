"""Where an open model's tokenizer comes from: the shipped Qwen 2.5 ranks (hash-checked), an
approximation from ``cl100k_base``, or the user's own file.

A user's file (``--tokenizer PATH``) may be

- a ``tokenizer.json`` (Hugging Face, what TRL loads): byte-level BPE with a split regex and
  NFC or no normaliser (Llama 3, Qwen) is converted to tiktoken ranks, after checking that
  tiktoken's rank order gives the same merges; any other kind (Mistral's SentencePiece-style
  BPE) is read with the ``tokenizers`` library, the extra ``curator[open-models]``;
- a tiktoken-format file (``base64-token rank`` per line, such as Meta's Llama 3
  ``original/tokenizer.model``), with the target model's regex and special tokens.

A SentencePiece ``tokenizer.model`` is refused with what to pass instead.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from curator.core.families.templates.byte_level import as_ranks
from curator.core.families.templates.models import LLAMA3_PATTERN, MODELS, OpenModel
from curator.core.families.templates.tokenizers import (
    ChatTokenizer,
    LibraryTokenizer,
    TiktokenTokenizer,
)
from curator.core.model.cache import cached_ranks
from curator.core.model.resources import resource_path

# the ranks Llama 3 shares with OpenAI's cl100k_base (shipped for the tokens family), and the
# sha256 tiktoken itself expects of them (tiktoken_ext.openai_public)
CL100K = ("cl100k_base.tiktoken.gz",
          "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7")


class TokenizerFileError(ValueError):
    """A tokenizer file that cannot be used; the message says why and what to pass."""


def _ranks(data: bytes, where: str) -> dict[bytes, int]:
    ranks: dict[bytes, int] = {}
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            token, rank = line.split()
            ranks[base64.b64decode(token, validate=True)] = int(rank)
        except (ValueError, binascii.Error):
            raise TokenizerFileError(
                f"{where}: line {number} is not `base64-token rank`; Curator reads a "
                "tokenizer.json or a tiktoken-format file") from None
    if not ranks:
        raise TokenizerFileError(f"{where}: no token ranks in the file")
    return ranks


def _resource(file: str, sha256: str, title: str) -> dict[bytes, int]:
    """Ranks from a gzip file in resources/tokenizers, its sha256 checked; decoded once, then
    read from the user's cache (as the tokens family keeps OpenAI's)."""
    return cached_ranks(f"tokenizers/{file}-{sha256[:16]}.marshal",
                        lambda: _decoded(file, sha256, title))


def _decoded(file: str, sha256: str, title: str) -> dict[bytes, int]:
    path = resource_path("tokenizers", file)
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise TokenizerFileError(f"{path}: cannot read the {title} tokenizer ({exc}); "
                                 "reinstall Curator") from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise TokenizerFileError(f"{path}: sha256 {digest} is not the expected {sha256}; "
                                 "the file is corrupt: reinstall Curator")
    return _ranks(data, str(path))


@cache
def shipped(name: str) -> ChatTokenizer:
    """A model's exact tokenizer from resources/tokenizers (its sha256 checked)."""
    model = MODELS[name]
    assert model.shipped is not None and model.sha256 is not None
    ranks = _resource(model.shipped, model.sha256, model.title)
    return TiktokenTokenizer(name, ranks, model.pattern, _numbered(model), model.nfc,
                             exact=True)


def _numbered(model: OpenModel) -> dict[str, int]:
    return {token: model.first_special + i for i, token in enumerate(model.specials)}


@cache
def approximate(name: str) -> ChatTokenizer:
    """``cl100k_base`` with the model's special tokens: Llama 3's first 100,256 ranks are
    cl100k_base's, so its counts come close; Mistral's only roughly."""
    model = MODELS[name]
    return TiktokenTokenizer(f"{name} ≈ cl100k_base", _resource(*CL100K, "cl100k_base"),
                             LLAMA3_PATTERN, _numbered(model), nfc=False, exact=False)


def for_model(name: str) -> ChatTokenizer:
    """The model's own tokenizer if it ships, else the approximation."""
    return shipped(name) if MODELS[name].shipped else approximate(name)


def from_file(path: Path, model: str | None) -> ChatTokenizer:
    """The user's tokenizer file, for the target ``model`` (its regex and special tokens when
    the file is tiktoken-format); loaded once while the file is unchanged."""
    try:
        stat = path.stat()
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise TokenizerFileError(f"{path}: cannot read the tokenizer ({exc.strerror})") from None
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if head.lstrip()[:1] == b"{":
        return _tokenizer_json(*key)
    if b"\x00" in head or not head.lstrip()[:1].isalnum():
        raise TokenizerFileError(
            f"{path}: not a tokenizer.json nor a tiktoken-format file (a SentencePiece "
            "tokenizer.model?); pass the model's tokenizer.json, which is what TRL uses")
    return _tiktoken_file(*key, model)


@cache
def _file_ranks(path: Path, mtime: int, size: int) -> dict[bytes, int]:
    try:
        return _ranks(path.read_bytes(), str(path))
    except OSError as exc:
        raise TokenizerFileError(f"{path}: cannot read the tokenizer ({exc.strerror})") from None


@cache
def _tiktoken_file(path: Path, mtime: int, size: int, model: str | None) -> ChatTokenizer:
    """A tiktoken-format file with the model's regex and special tokens (numbered after the
    ranks unless the model's own numbers are free)."""
    ranks = _file_ranks(path, mtime, size)
    spec = MODELS.get(model) if model else None
    if spec is None:
        return TiktokenTokenizer(_label(path), ranks, LLAMA3_PATTERN, {}, nfc=False, exact=True)
    first = spec.first_special if spec.first_special >= len(ranks) else len(ranks)
    specials = {token: first + i for i, token in enumerate(spec.specials)}
    return TiktokenTokenizer(_label(path), ranks, spec.pattern, specials, spec.nfc, exact=True)


@cache
def _tokenizer_json(path: Path, mtime: int, size: int) -> ChatTokenizer:
    try:
        found = json.loads(path.read_bytes())
    except OSError as exc:
        raise TokenizerFileError(f"{path}: cannot read the tokenizer ({exc.strerror})") from None
    except ValueError as exc:
        raise TokenizerFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(found, dict) or not isinstance(found.get("model"), dict):
        raise TokenizerFileError(f"{path}: not a tokenizer.json (it has no `model`)")
    converted = as_ranks(found)
    if converted is not None:
        ranks, pattern, specials, nfc = converted
        return TiktokenTokenizer(_label(path), ranks, pattern, specials, nfc, exact=True)
    return _library(path)


def _library(path: Path) -> ChatTokenizer:
    try:
        import tokenizers
    except ImportError:
        raise TokenizerFileError(
            f"{path}: this tokenizer is not byte-level BPE (Mistral's is not), so Curator "
            "reads it with the `tokenizers` library, which is not installed: "
            "pip install 'curator[open-models]'") from None
    try:
        library: Any = tokenizers.Tokenizer.from_file(str(path))
    except Exception as exc:  # the library's own error type for a bad file
        raise TokenizerFileError(f"{path}: the tokenizers library cannot read it ({exc})"
                                 ) from None
    return LibraryTokenizer(_label(path), library)


def _label(path: Path) -> str:
    """A user's file as people know it: its folder (the model's name) and its name."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def tokenizer_config(path: Path) -> dict[str, Any]:
    """``tokenizer_config.json`` beside a tokenizer file (special tokens, chat template)."""
    beside = path.with_name("tokenizer_config.json")
    try:
        found = json.loads(beside.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
