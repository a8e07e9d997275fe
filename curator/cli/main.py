"""curator-cli: the same checks as the app, in batch, for CI and scripts.

Exit codes: 0 no error-level finding, 1 error-level findings (verify: files that differ),
2 usage or I/O error, 3 internal error (a crash report is in the cache folder), 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import os
import sys
from typing import Any

import click

from curator import __version__
from curator.core.api import fork_workers

INTERRUPTED = 130  # as a shell reports a program ended by Ctrl-C (128 + SIGINT)

# each command's module is imported only when that command runs (or help lists it)
COMMANDS = {
    "validate": ("curator.cli.validate", "validate"),
    "stats": ("curator.cli.stats_cmd", "stats"),
    "cost": ("curator.cli.cost_cmd", "cost"),
    "dedup": ("curator.cli.dedup_cmd", "dedup"),
    "export": ("curator.cli.export_cmd", "export_cmd"),
    "convert": ("curator.cli.export_cmd", "convert"),
    "codes": ("curator.cli.codes_cmd", "codes"),
    "verify": ("curator.cli.verify_cmd", "verify"),
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

    def invoke(self, ctx: click.Context) -> Any:
        """Override click.Group.invoke: Ctrl-C exits 130 at once (click would say "Aborted!"
        and exit 1); an unexpected exception is an internal error (exit 3) with a crash
        report, never a traceback that reads as findings."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from curator.cli.common import interrupted

            interrupted()
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader of stdout left: click's own handling
            from curator.cli.common import crashed

            crashed(exc)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="curator-cli")
def cli() -> None:
    """Find and fix what is wrong with chat fine-tuning datasets."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # a file name that is not UTF-8 is printed as its own bytes (as `ls` does), even
            # where the stream would refuse them (a UTF-8 locale's default is strict)
            stream.reconfigure(errors="surrogateescape")



def _asks_local_cluster(args: list[str]) -> bool:
    """``--dask`` alone (a cluster on this machine; the option's value, when given, follows
    an ``=``) or ``--dask=local``."""
    for i, arg in enumerate(args):
        if arg == "--dask=local" or (arg == "--dask" and (
                i + 1 == len(args) or args[i + 1].startswith("-"))):
            return True
    return False


def main() -> None:
    fork_workers()  # this program has one thread: workers may start by fork
    if _asks_local_cluster(sys.argv[1:]):
        from curator.core.api import start_forkserver

        start_forkserver()  # loads Dask, Curator and the models while the command starts
    try:
        cli(prog_name="curator-cli")
    except SystemExit as done:
        if done.code != INTERRUPTED:
            raise
        # Ctrl-C: everything the command opened is closed and its workers are stopped; the
        # interpreter's teardown of what the check loaded (a second or more) is skipped
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(INTERRUPTED)


if __name__ == "__main__":
    main()
