"""``curator``: start the desktop app, optionally opening a file.

Qt is imported inside the functions, not at the top: the check's worker processes start by
spawn, which imports the program's main module again in each of them, and a worker has no
use for Qt's libraries (tens of MB each).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

from curator import __version__


def lean_imports() -> None:
    """Keep pandas from loading pyarrow, which the app never uses (34 MB; the packaged app
    leaves it out): pandas then keeps its text in Python strings, as the app expects."""
    sys.modules.setdefault("pyarrow", None)  # type: ignore[arg-type]


def recovery_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="curator", description="Curator: fix chat datasets")
    parser.add_argument("file", nargs="?", type=Path, help="a JSONL file to open")
    parser.add_argument("--self-test", action="store_true",
                        help="open the bundled sample, check it, print a summary and exit")
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the packaged app's check workers start through here
    args = parse(sys.argv[1:] if argv is None else argv)
    lean_imports()
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName("Curator")
    app.setApplicationName("Curator")
    from curator.gui.main_window import MainWindow

    if args.self_test:
        from curator.gui.self_test import run_self_test

        return run_self_test(app)
    window = MainWindow(recovery_dir())
    window.show()
    if args.file is not None:
        window.files.open(args.file)
    else:
        window.files.offer_recovery()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
