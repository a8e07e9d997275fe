"""Reading a TOML file with errors that say which file and how to fix it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: Path, error: type[ValueError], what: str) -> dict[str, Any]:
    """The parsed file; ``error`` (naming ``what`` the file is) when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path}: not valid TOML ({exc}); fix the syntax") from exc
