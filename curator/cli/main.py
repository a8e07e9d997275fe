"""curator-cli: the same checks as the app, in batch, for CI and scripts.

Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error.
"""

from __future__ import annotations

import importlib
import io
import sys

import click

from curator import __version__
from curator.core.api import fork_workers

# each command's module is imported only when that command runs (or help lists it)
COMMANDS = {
    "validate": ("curator.cli.validate", "validate"),
    "stats": ("curator.cli.stats_cmd", "stats"),
    "cost": ("curator.cli.cost_cmd", "cost"),
    "dedup": ("curator.cli.dedup_cmd", "dedup"),
    "export": ("curator.cli.export_cmd", "export_cmd"),
    "convert": ("curator.cli.export_cmd", "convert"),
    "codes": ("curator.cli.codes_cmd", "codes"),
}


class LazyGroup(click.Group):
    """A group whose commands load on demand: `curator-cli validate` does not import what
    `cost` or `export` need."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Override click.Group.list_commands."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Override click.Group.get_command."""
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="curator-cli")
def cli() -> None:
    """Find and fix what is wrong with chat fine-tuning datasets."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # a file name that is not UTF-8 is printed as its own bytes (as `ls` does), even
            # where the stream would refuse them (a UTF-8 locale's default is strict)
            stream.reconfigure(errors="surrogateescape")



def main() -> None:
    fork_workers()  # this program has one thread: workers may start by fork
    cli(prog_name="curator-cli")


if __name__ == "__main__":
    main()
