"""Which recovery journals are this app instance's, and which a dead instance left behind.

Every running instance holds a lock file in the recovery folder for its whole life
(``QLockFile``: an OS file lock plus the process id, so a crashed or killed instance's lock
counts as free) and names its journals after it. At start, a journal is offered for restoring
only when its owner's lock is free: two instances open at once, even on the same file, never
see, restore or delete each other's live journals.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from PySide6.QtCore import QLockFile

SUFFIX = ".journal"


class RecoverySession:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.id = f"{os.getpid()}-{secrets.token_hex(4)}"  # never a name in use
        self._lock: QLockFile | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # writing a journal will report the folder's problem
        lock = QLockFile(str(folder / f"{self.id}.lock"))
        lock.setStaleLockTime(0)  # held for the app's life; only a dead owner frees it
        if lock.tryLock(0):
            self._lock = lock

    def journal(self, source: Path | None) -> Path:
        """This instance's journal for ``source`` (None: an untitled file)."""
        name = hashlib.sha1(str(source.resolve() if source else "untitled").encode()
                            ).hexdigest()[:16]
        return self.folder / f"{self.id}.{name}{SUFFIX}"

    def orphans(self) -> list[Path]:
        """Journals whose instance is gone (it crashed or was killed), oldest name first."""
        if not self.folder.is_dir():
            return []
        return [journal for journal in sorted(self.folder.glob(f"*{SUFFIX}"))
                if not self._alive(journal.name.split(".")[0])]

    def _alive(self, owner: str) -> bool:
        if owner == self.id:
            return True
        path = self.folder / f"{owner}.lock"
        if not path.exists():  # a journal older than session locks, or a lock removed
            return False
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):  # free: its owner is gone; the lock file goes with the unlock
            lock.unlock()
            return False
        return True  # held, or cannot tell: leave its journals alone

    def release(self) -> None:
        """End the session (the app closes; a crash does the same by ending the process)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
