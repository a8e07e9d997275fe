"""The app on a large file: first rows, full check, event-loop stalls, and one edit's re-check.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.gui_responsiveness [--examples 100000]

A 10 ms heartbeat timer runs on the GUI thread from the moment the file is opened until the
check is adopted; the longest gap between two beats is the longest time the window could not
react. Targets: first rows within 1 s; no gap over 100 ms; an edit re-checked in well under
50 ms. For scale it also times a one-core ``encode_ordinary`` loop over the same file (the
tokenizer floor of issue 9).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.tokens import baseline_totals
from curator.core.families.tokens.counter import get_encoding
from datagen.synth import write_chat_file


class Heartbeat:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.last = 0
        self.gaps: list[int] = []
        self.long: list[tuple[int, int]] = []  # (ms after the start, gap ms) over 60 ms
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def beat(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self.last)
        if now - self.last > 60:
            self.long.append((self.last, now - self.last))
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from curator.gui.main_window import MainWindow

    get_encoding("o200k_base")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.jsonl"
        write_chat_file(str(path), args.examples, seed=3)
        start = time.perf_counter()
        baseline_totals(path)
        floor = time.perf_counter() - start
        window = MainWindow(Path(folder) / "recovery")
        window.show()
        document = window.document
        while document.warming_up:  # the start-up warm-up (workers, tokenizer, language model)
            app.processEvents()
            time.sleep(0.01)
        first: list[float] = []
        document.rows_appended.connect(
            lambda *_: first.append(time.perf_counter()) if not first else None)
        heartbeat = Heartbeat()
        heartbeat.start()
        start = time.perf_counter()
        window.files.open(path)
        loaded = 0.0
        while document.running or document.loading or not document.workspace.analysed:
            app.processEvents()
            if not loaded and not document.loading:
                loaded = time.perf_counter() - start
            time.sleep(0.002)
        checked = time.perf_counter() - start
        for _ in range(20):
            app.processEvents()
        heartbeat.timer.stop()
        gaps = sorted(heartbeat.gaps)
        window.examples.select_index(len(document.workspace) // 2)
        card = window.conversation.cards[-1]
        times = []
        for i in range(20):
            begin = time.perf_counter()
            card.content.setPlainText(f"An edited reply, version {i}, with a few more words.")
            times.append((time.perf_counter() - begin) * 1000)
        times.sort()
        print(f"file: {args.examples:,} examples, {path.stat().st_size / 1e6:.1f} MB")
        print(f"first rows shown after:   {(first[0] - start):.2f} s (target <= 1 s)")
        print(f"all rows read after:      {loaded:.2f} s")
        print(f"fully checked after:      {checked:.2f} s; tokenizer floor {floor:.2f} s, "
              f"ratio {checked / floor:.2f}")
        print(f"event loop: {len(gaps)} beats, longest gap {gaps[-1]} ms, "
              f"p99 {gaps[int(len(gaps) * 0.99)]} ms (target: no gap over 100 ms)")
        checked_at = f"{(checked - 0) * 1000:.0f}"
        print(f"gaps over 60 ms (start ms, length ms): {heartbeat.long}; checked at "
              f"{checked_at} ms")
        print(f"edit re-check (20 edits): median {times[10]:.1f} ms, max {times[-1]:.1f} ms")
        document.undo.setClean()
        window.close()


if __name__ == "__main__":
    main()
