"""`curator-cli codes`: list every finding code."""

from __future__ import annotations

import click

from curator.core.api import CODES, markdown_table, registered


@click.command()
@click.option("--markdown", is_flag=True, help="Print the table as in the README.")
def codes(markdown: bool) -> None:
    """List every finding code with its check, severity, meaning and family."""
    registered()  # the families register their codes as they are imported
    if markdown:
        click.echo(markdown_table())
        return
    for spec in CODES.values():
        click.echo(f"{spec.code}  {spec.check:<15} {spec.severity!s:<8} {spec.title}"
                   f"  [{spec.family}]")
