"""A growing delay after failed sign-ins, per client (in memory, per process).

The first few failures cost nothing, so a mistyped token is harmless. From then on each failure locks the
client out for twice as long as the one before, up to a cap; attempts during a lock-out are refused unread
(so they cannot probe the token) and do not lengthen it. A success, or a window without failures, forgets
the client.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


class FailureThrottle:
    def __init__(
        self,
        *,
        free: int = 5,
        window: float = 3600.0,
        base: float = 2.0,
        cap: float = 900.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free, self.window, self.base, self.cap = free, window, base, cap
        self.max_clients, self._clock = max_clients, clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """0 when `key` may try now; otherwise the whole seconds until it may."""
        with self._lock:
            record = self._records.get(key)
            wait = record.locked_until - self._clock() if record else 0.0
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            record = self._records.pop(key, None) or _Record()
            if now - record.last_failure > self.window:
                record.failures = 0
            record.failures += 1
            record.last_failure = now
            excess = record.failures - self.free
            if excess >= 0:
                record.locked_until = now + min(self.cap, self.base * 2 ** min(excess, 62))
            self._records[key] = record
            while len(self._records) > self.max_clients:
                self._records.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._records.pop(key, None)
