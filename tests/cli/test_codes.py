"""`curator-cli codes` lists every registered code, in a fresh process (where nothing else
has imported the families yet)."""

from __future__ import annotations

import subprocess
import sys

from curator.core.families import registered
from curator.core.model.codes import CODES, markdown_table


def run(*args: str) -> str:
    return subprocess.run([sys.executable, "-c", "from curator.cli.main import main; main()",
                           "codes", *args], capture_output=True, text=True, check=True).stdout


def test_codes_lists_every_registered_code_in_a_fresh_process() -> None:
    registered()
    listed = [line.split()[0] for line in run().splitlines()]
    assert listed == list(CODES) and len(listed) > 40


def test_codes_markdown_is_the_readme_table() -> None:
    registered()
    assert run("--markdown").strip() == markdown_table()
