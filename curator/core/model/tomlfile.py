"""Reading a TOML file with errors that say which file and how to fix it."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

LIMIT = 16 << 20  # a settings or targets file is a few KiB: anything past 16 MiB is not one


def read_toml(path: Path, error: type[ValueError], what: str) -> dict[str, Any]:
    """The parsed file; ``error`` (naming ``what`` the file is) when it cannot be read. Only a
    regular file is read: a device such as /dev/zero never ends, a FIFO waits."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: not a regular file; give the {what} as a file")
        if info.st_size > LIMIT:
            raise error(f"{path}: {info.st_size:,} bytes is too large for a {what}")
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path}: not valid TOML ({exc}); fix the syntax") from exc
