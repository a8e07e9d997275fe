"""`curator-cli verify OUT.manifest.json`: is the set on disk the one its manifest describes?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curator.cli.common import fail
from curator.core.api import ManifestError, verify_manifest


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              help="The source file, if it is not where the manifest names it (a path "
                   "relative to the folder the export ran in).")
def verify(manifest: Path, source: Path | None) -> None:
    """Check every output of an export (or a conversion) and its source against the sha256
    in its manifest.

    Exit status: 0 when every file matches, 1 when some differ or are missing (the set is
    incomplete or changed since: export again), 2 when the manifest cannot be read.
    """
    try:
        checked = verify_manifest(manifest, source)
    except ManifestError as exc:
        fail(str(exc))
    for item in checked:
        detail = f" ({item.detail})" if item.detail else ""
        hint = " (give --source PATH)" if item.role == "source" and item.status == "missing" \
            else ""
        click.echo(f"{item.path}: {item.status}{detail} [{item.role}]{hint}")
    failed = [item for item in checked if item.failed]
    if failed:
        click.echo(f"{manifest}: {len(failed)} of {len(checked)} files differ or are missing: "
                   "this is not the set the manifest describes; export again")
        sys.exit(1)
    click.echo(f"{manifest}: every file matches its sha256 ({len(checked)} files)")
