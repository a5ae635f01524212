"""One run per date at a time: a lock keyed by the date.

With a Prefect server (PREFECT_API_URL) it is a global concurrency limit, shared by every worker machine and
released by the server's lease reaper if a worker dies. Embedded, the ephemeral server keeps leases in memory
and reaps none, so a killed run would hold its date for good: there the lock is a file lock under
SIGNALDESK_HOME, which the kernel releases the moment the process dies.

The database constraints (unique canonical URL, one briefing per day, one delivery per subscriber and
day) already make a second run harmless; the lock makes it wait instead of doing the work twice.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

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
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + WAIT_SECONDS
    with path.open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another run held {path.name} for {WAIT_SECONDS} s") from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def day_lock(settings: Settings, day: date) -> Iterator[None]:
    name = lock_name(day)
    if not os.environ.get("PREFECT_API_URL"):
        with _file_lock(settings.home / "locks" / f"{name}.lock"):
            yield
        return
    _ensure_limit(name)
    with concurrency(name, occupy=1, timeout_seconds=WAIT_SECONDS, strict=True):
        yield
