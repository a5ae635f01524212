"""Progress for long commands: live on a terminal, silent when output goes to a log."""

from __future__ import annotations

import sys
import threading


class Progress:
    def __init__(self, total: int, label: str, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.total, self.label, self.done, self.items = total, label, 0, 0
        self._lock = threading.Lock()

    def step(self, name: str, items: int = 0) -> None:
        with self._lock:
            self.done += 1
            self.items += items
            if self.live:
                self.stream.write(
                    f"\r\x1b[K{self.label} {self.done}/{self.total} sources, {self.items} items so far (last: {name})"
                )
                self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
