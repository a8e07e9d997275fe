"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 drops a reference to None on every call that returns nothing (``setText``,
``start``, ``processEvents``...). On Python 3.11 None is an ordinary object, so after some
tens of thousands of such calls, a few hundred edits in the app, the interpreter aborts with
"deallocating None". pyproject.toml keeps that version out; this test catches any other
that does the same. (From Python 3.12 None is immortal and its count never changes.)
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_that_return_nothing_keep_none_alive(qapp: QApplication) -> None:
    label, timer = QLabel(), QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
        timer.start(1000)
        qapp.processEvents()
    timer.stop()
    assert abs(sys.getrefcount(None) - before) < 100  # 3,000 lost references with 6.12.0
