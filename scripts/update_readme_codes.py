"""Rewrite the README's table of finding codes from the registry (each family registers its own)."""

from __future__ import annotations

import re
from pathlib import Path

from curator.core.api import markdown_table, registered

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    registered()  # the api loads names on first use: load every family, and so its codes
    text = README.read_text(encoding="utf-8")
    table = f"<!-- codes:start -->\n{markdown_table()}\n<!-- codes:end -->"
    new = re.sub(r"<!-- codes:start -->.*?<!-- codes:end -->", lambda _: table, text,
                 flags=re.S)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
