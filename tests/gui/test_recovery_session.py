"""Recovery journals belong to the instance that wrote them until it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from curator.gui.recovery_session import RecoverySession

OTHER_INSTANCE = """
import sys, time
from pathlib import Path
from curator.gui.recovery_session import RecoverySession
session = RecoverySession(Path(sys.argv[1]))
session.journal(Path(sys.argv[2])).write_text("edits")
print("ready", flush=True)
time.sleep(60)
"""


def test_a_live_instance_keeps_its_journal_and_a_killed_one_leaves_it(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    source = tmp_path / "data.jsonl"
    with subprocess.Popen([sys.executable, "-c", OTHER_INSTANCE, str(folder), str(source)],
                          stdout=subprocess.PIPE, text=True) as other:
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "ready"
            mine = RecoverySession(folder)
            journal = next(folder.glob("*.journal"))
            assert mine.journal(source) != journal  # one file, two instances, two journals
            assert mine.orphans() == []  # the other instance is running: not ours to offer
            os.kill(other.pid, signal.SIGKILL)
            other.wait(10)
            assert mine.orphans() == [journal]  # killed: its edits are offered
            assert [p.name for p in folder.glob("*.lock")] == [f"{mine.id}.lock"]
        finally:
            other.kill()


def test_two_sessions_in_one_process_and_a_clean_end(tmp_path: Path) -> None:
    first, second = RecoverySession(tmp_path), RecoverySession(tmp_path)
    untitled = first.journal(None)
    untitled.write_text("edits")
    assert second.orphans() == [] and first.orphans() == []
    first.release()
    assert second.orphans() == [untitled]
    old = tmp_path / "0123456789abcdef.journal"  # written before journals had owners
    old.write_text("edits")
    assert sorted(second.orphans()) == sorted([untitled, old])
