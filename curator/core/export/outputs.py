"""Which files an export (or a conversion, or a dedup) may write, and how a set is committed.

Curator writes only the outputs the person named and the files it derives from that name
(``OUT.train.jsonl``, ``OUT.validation.jsonl``, ``OUT.manifest.json``). None of them may be a
file the run reads (the input, through any link or under any name, the config, the targets
file), and a derived name may replace only an earlier output: a file that an existing
Curator manifest beside it lists. Anything else is refused before a byte is written.

A set is committed so that a reader never takes a mixed set for a complete one: every file is
staged first; then the old manifest is removed (a set without its manifest is incomplete),
the data files are renamed into place, and the manifest, which holds every output's sha256,
comes last. ``curator-cli verify`` checks a set against its manifest.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path, PurePath

import orjson

from curator.core.model.jsonl import WriteError, fsync_folder, is_write_through, resolve_output

MANIFEST_LIMIT = 1 << 30  # a "manifest" larger than this is not read (not one of ours)


class OutputError(ValueError):
    """An output that must not be written; the message names it and says what to do."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _folder_exists(out: Path) -> None:
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise OutputError(f"{out}: the folder {folder} does not exist; create it first")


def _not_read(out: Path, reads: Sequence[tuple[str, Path]]) -> None:
    for role, path in reads:
        if _same(out, path):
            other = "" if out.absolute() == path.absolute() else (
                f" {path} (the same file under another name: a link to it)")
            raise OutputError(f"{out}: refusing to overwrite the {role}{other}; "
                              "choose another -o")


def listed_outputs(manifest: Path) -> set[str] | None:
    """The names of the outputs that the Curator manifest ``manifest`` lists; None when there
    is no such manifest (missing, not a regular file, or not one that Curator writes)."""
    try:
        info = manifest.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_LIMIT:
            return None
        data = orjson.loads(manifest.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("outputs"), list) and isinstance(data.get("source"), dict):
        return {PurePath(o["path"]).name for o in data["outputs"]
                if isinstance(o, dict) and isinstance(o.get("path"), str)}
    if isinstance(data.get("output"), str) and isinstance(data.get("source_lines"), list):
        return {PurePath(data["output"]).name}
    return None


def _replaceable(out: Path) -> bool:
    """True when writing ``out`` destroys nothing: it is absent, or a device or FIFO (written
    through, never replaced)."""
    if not os.path.lexists(out):
        return True
    with contextlib.suppress(OSError):
        return is_write_through(resolve_output(out))
    return False


def guard_outputs(named: Path | None, derived: Sequence[Path], manifest: Path | None,
                  reads: Sequence[tuple[str, Path]]) -> None:
    """Raise :class:`OutputError` unless every output may be written: ``named`` (``-o``, None
    when it is only the stem of derived names), the ``derived`` data files and the
    ``manifest``; ``reads`` names the files the run reads (``("input file", path)``)."""
    outputs = [*([named] if named is not None else []), *derived,
               *([manifest] if manifest is not None else [])]
    for out in outputs:
        _folder_exists(out)
        _not_read(out, reads)
    for i, out in enumerate(outputs):
        for other in outputs[i + 1:]:
            if _same(out, other) or os.path.realpath(out) == os.path.realpath(other):
                raise OutputError(f"{out} and {other} are the same file; choose another -o")
    listed = listed_outputs(manifest) if manifest is not None else None
    if manifest is not None and not _replaceable(manifest) and listed is None:
        raise OutputError(f"{manifest}: refusing to overwrite a file that is not a Curator "
                          "manifest (Curator writes OUT.manifest.json beside -o OUT); move "
                          "it away or choose another -o")
    for out in derived:
        if not _replaceable(out) and out.name not in (listed or set()):
            why = (f"{manifest} does not list it" if listed is not None else
                   f"there is no Curator manifest {manifest} beside it")
            raise OutputError(f"{out}: refusing to overwrite a file that is not an earlier "
                              f"output of Curator ({why}); with --split, -o OUT writes "
                              "OUT.train.jsonl, OUT.validation.jsonl and OUT.manifest.json: "
                              "move that file away or choose another -o")


def clear_manifest(manifest: Path) -> None:
    """Remove the old manifest before a new set is renamed into place (see the module's
    notes): a link's target goes, the link stays; a device or FIFO is left alone."""
    try:
        target = resolve_output(manifest)
        if not stat.S_ISREG(target.lstat().st_mode):
            return
        target.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(exc.errno, exc.strerror or str(exc), os.fspath(manifest)) from exc
    fsync_folder(target.parent)
