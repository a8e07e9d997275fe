"""The core and the CLI must run where PySide6 is not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "support_chats.jsonl"

BLOCK_QT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is blocked in this test")
sys.meta_path.insert(0, Block())
"""


def test_cli_validates_with_qt_blocked() -> None:
    code = BLOCK_QT + (
        "import pkgutil, importlib, curator.core\n"
        "for m in pkgutil.walk_packages(curator.core.__path__, 'curator.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "from curator.cli.main import main\n"
        f"sys.argv = ['curator-cli', 'validate', '--format', 'json', {str(SAMPLE)!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1, result.stderr
    assert '"findings"' in result.stdout
    assert "Traceback" not in result.stderr
