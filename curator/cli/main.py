"""curator-cli: the same checks as the app, in batch, for CI and scripts.

Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error.
"""

from __future__ import annotations

import io
import sys

import click

from curator import __version__
from curator.cli.codes_cmd import codes
from curator.cli.cost_cmd import cost
from curator.cli.dedup_cmd import dedup
from curator.cli.export_cmd import convert, export_cmd
from curator.cli.stats_cmd import stats
from curator.cli.validate import validate
from curator.core.api import fork_workers


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="curator-cli")
def cli() -> None:
    """Find and fix what is wrong with chat fine-tuning datasets."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # a file name that is not UTF-8 is printed as its own bytes (as `ls` does), even
            # where the stream would refuse them (a UTF-8 locale's default is strict)
            stream.reconfigure(errors="surrogateescape")


cli.add_command(validate)
cli.add_command(stats)
cli.add_command(cost)
cli.add_command(dedup)
cli.add_command(export_cmd)
cli.add_command(convert)
cli.add_command(codes)


def main() -> None:
    fork_workers()  # this program has one thread: workers may start by fork
    cli(prog_name="curator-cli")


if __name__ == "__main__":
    main()
