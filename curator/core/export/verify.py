"""Check a set of outputs against its manifest: every output and the source, by sha256.

Outputs are looked for beside the manifest (where Curator writes them); the source where the
manifest names it (relative to the folder the command ran in) unless another path is given.
A pipe or a device is not read (it would be consumed or never end): it is "not checked".
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import orjson

from curator.core.export.outputs import MANIFEST_LIMIT
from curator.core.model.inputs import sha256_of
from curator.core.model.paths import path_text

OK, CHANGED, MISSING, UNREADABLE, NOT_CHECKED = (
    "ok", "changed", "missing", "unreadable", "not checked")


class ManifestError(ValueError):
    """A manifest that cannot be verified; the message names it and says why."""


@dataclass(frozen=True)
class Checked:
    """One file of a set: its role (``source``, ``train``, ``validation``, ``output``), the
    file looked at, and what was found."""

    role: str
    path: Path
    status: str
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status not in (OK, NOT_CHECKED)


def _load(manifest: Path) -> dict[str, Any]:
    try:
        info = manifest.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ManifestError(f"{manifest}: not a regular file; give OUT.manifest.json")
        if info.st_size > MANIFEST_LIMIT:
            raise ManifestError(f"{manifest}: too large to be a Curator manifest")
        data = orjson.loads(manifest.read_bytes())
    except FileNotFoundError:
        raise ManifestError(f"{manifest}: no such file; check the path") from None
    except OSError as exc:
        raise ManifestError(f"{manifest}: cannot read ({exc.strerror or exc})") from None
    except orjson.JSONDecodeError as exc:
        raise ManifestError(f"{manifest}: not JSON ({exc}); give the OUT.manifest.json that "
                            "export or convert wrote") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{manifest}: not a Curator manifest (not a JSON object)")
    return data


def _digest(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) == 64 and all(
        c in "0123456789abcdef" for c in value)
    return value if ok else None


def _entries(manifest: Path, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(role, recorded path, sha256) of the source and every output."""
    entries: list[tuple[str, Any, Any]] = []
    if isinstance(data.get("source"), dict) and isinstance(data.get("outputs"), list):
        entries.append(("source", data["source"].get("path"), data["source"].get("sha256")))
        entries += [(o.get("split", "output"), o.get("path"), o.get("sha256"))
                    if isinstance(o, dict) else ("output", None, None)
                    for o in data["outputs"]]
    elif isinstance(data.get("output"), str) and "source_lines" in data:
        entries += [("source", data.get("source"), data.get("source_sha256")),
                    ("output", data["output"], data.get("output_sha256"))]
    else:
        raise ManifestError(f"{manifest}: not a Curator manifest (no source and outputs); "
                            "give the OUT.manifest.json that export or convert wrote")
    checked = [(str(role), path, _digest(sha)) for role, path, sha in entries]
    if any(not isinstance(path, str) or sha is None for _, path, sha in checked):
        raise ManifestError(f"{manifest}: a file in it has no path or no sha256 (a manifest "
                            "from an older Curator, or edited by hand); export again to "
                            "get one that can be verified")
    return [(role, str(path), str(sha)) for role, path, sha in checked]


def _locate(folder: Path, recorded: str) -> Path:
    """The file named ``recorded`` in ``folder``; a name that was not UTF-8 (recorded with
    U+FFFD) is matched against the folder's own names."""
    direct = folder / PurePath(recorded).name
    if "\ufffd" not in recorded or direct.exists():
        return direct
    try:
        names = list(folder.iterdir())
    except OSError:
        return direct
    return next((p for p in names if path_text(p.name) == direct.name), direct)


def _check(role: str, path: Path, expected: str) -> Checked:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Checked(role, path, MISSING)
    except OSError as exc:
        return Checked(role, path, UNREADABLE, exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return Checked(role, path, NOT_CHECKED, "not a regular file (a pipe or a device is "
                       "read once)")
    try:
        actual = sha256_of(path)
    except OSError as exc:
        return Checked(role, path, UNREADABLE, exc.strerror or str(exc))
    if actual != expected:
        return Checked(role, path, CHANGED, f"sha256 {actual[:12]}…, the manifest says "
                                            f"{expected[:12]}…")
    return Checked(role, path, OK)


def verify_manifest(manifest: Path, source: Path | None = None) -> list[Checked]:
    """Check the source (``source``, else where the manifest names it) and every output
    (beside the manifest) against the manifest's sha256; raises :class:`ManifestError`."""
    entries = _entries(manifest, _load(manifest))
    folder = manifest.parent
    out = []
    for role, recorded, sha in entries:
        if role == "source" and source is None and recorded.startswith(("/dev/", "/proc/")):
            out.append(Checked(role, Path(recorded), NOT_CHECKED, "a pipe, read once; give "
                               "--source FILE to check a copy of it"))
            continue
        if role == "source":
            where = source if source is not None else _locate(
                Path(recorded).parent, recorded)
        else:
            where = _locate(folder, recorded)
        out.append(_check(role, where, sha))
    return out
