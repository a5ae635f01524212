"""One run per date at a time: a Prefect global concurrency limit keyed by the date.

The database constraints (unique canonical URL, one briefing per day, one delivery per subscriber and
day) already make a second run harmless; the lock makes it wait instead of doing the work twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists

from pipeline.settings import Settings

WAIT_SECONDS = 3600


def lock_name(day: date) -> str:
    return f"signaldesk-day-{day.isoformat()}"


def _ensure_limit(name: str) -> None:
    with get_client(sync_client=True) as client:
        try:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=1))
        except ObjectAlreadyExists:
            pass


@contextmanager
def day_lock(settings: Settings, day: date) -> Iterator[None]:
    name = lock_name(day)
    _ensure_limit(name)
    with concurrency(name, occupy=1, timeout_seconds=WAIT_SECONDS, strict=True):
        yield
