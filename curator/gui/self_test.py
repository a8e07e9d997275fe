"""``curator --self-test``: prove a (packaged) app works without a screen or a person.

Opens the bundled messy sample, waits for the check, compares the findings with a check run
straight through the core, prints a one-line summary and returns 0, or 1 with the reason.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from curator.core.api import finish, resource_path, validate_path

TIMEOUT_SECONDS = 120


def run_self_test(app: QApplication) -> int:
    from curator.gui.main_window import MainWindow

    sample = Path(resource_path("samples/support_chats.jsonl"))
    with tempfile.TemporaryDirectory() as recovery:
        window = MainWindow(Path(recovery))
        try:
            window.files.open(sample)
            deadline = time.monotonic() + TIMEOUT_SECONDS
            document = window.document
            while (document.running or document.loading or not document.workspace.analysed):
                app.processEvents()
                time.sleep(0.01)
                if time.monotonic() > deadline:
                    print("self-test: the check did not finish in time", file=sys.stderr)
                    return 1
            app.processEvents()
            got = [f.to_dict() for f in document.workspace.all_findings()]
            want = [f.to_dict() for f in finish(validate_path(sample, document.settings)
                                                ).report.findings]
            rows = window.examples.model.rowCount()
            window.close()
        finally:  # its lock file must go before the folder does (Windows refuses otherwise)
            window.document.recovery.release()
    if got != want or rows != len(document.workspace):
        print(f"self-test: the app found {len(got)} findings, the core {len(want)}",
              file=sys.stderr)
        return 1
    print(f"self-test ok: {sample.name}, {rows} lines, {len(got)} findings")
    return 0
