"""Counts the signals planner needs to guess how selective a filter is, cached for a few minutes.

They only steer the choice of query shape, so a few minutes' staleness costs nothing; recounting on
every request would cost more than the queries they speed up.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

TTL_SECONDS = 300.0


@dataclass(frozen=True)
class StoreCounts:
    documents: int
    tagged: int
    by_category: dict[str, int]
    by_source: dict[str, int]


@dataclass
class StatsCache:
    ttl: float = TTL_SECONDS
    _counts: StoreCounts | None = None
    _at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, session: Session) -> StoreCounts:
        with self._lock:
            if self._counts is None or time.monotonic() - self._at > self.ttl:
                self._counts = count_store(session)
                self._at = time.monotonic()
            return self._counts


def count_store(session: Session) -> StoreCounts:
    documents = session.execute(text("SELECT count(*) FROM document")).scalar_one()
    tagged = session.execute(text("SELECT count(DISTINCT document_id) FROM signal")).scalar_one()
    categories = session.execute(text("SELECT category, count(*) FROM signal GROUP BY category")).all()
    sources = session.execute(text("SELECT source_key, count(*) FROM document GROUP BY source_key")).all()
    return StoreCounts(documents=documents, tagged=tagged, by_category=dict(categories), by_source=dict(sources))
