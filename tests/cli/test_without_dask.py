"""Where dask is not installed, the CLI runs as ever, and only `--dask` asks for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "support_chats.jsonl"
# the CLI in a process where `import dask` and `import distributed` fail; it must not even try
CLI = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None\n"
       "from curator.cli.main import main\n"
       "try:\n"
       "    main()\n"
       "finally:\n"
       "    loaded = [m for m in sys.modules if m.startswith(('dask', 'distributed'))]\n"
       "    if loaded != ['dask', 'distributed']:\n"
       "        print('IMPORTED', loaded, file=sys.stderr)\n")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-c", CLI, *args], cwd=cwd, capture_output=True,
                            text=True, check=False)
    assert "IMPORTED" not in result.stderr, result.stderr
    return result


def test_validate_dedup_and_export_need_no_dask(tmp_path: Path) -> None:
    result = cli("validate", "--format", "json", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 1 and '"N001"' in result.stdout, result.stderr
    result = cli("dedup", str(SAMPLE), "-o", "d.jsonl", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "d.jsonl").exists(), result.stderr
    result = cli("export", str(SAMPLE), "--to", "openai", "-o", "o.jsonl", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "o.jsonl").exists(), result.stderr


def test_the_dask_flag_says_how_to_install_it(tmp_path: Path) -> None:
    result = cli("validate", str(SAMPLE), "--dask", cwd=tmp_path)
    assert result.returncode == 2 and not result.stdout
    assert "--dask: Dask is not installed" in result.stderr
    assert "pip install 'curator[dask]'" in result.stderr
