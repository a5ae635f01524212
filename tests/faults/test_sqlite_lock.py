"""Fault 4: the SQLite file locked by another writer, a second process holding `BEGIN EXCLUSIVE` (and writing)
while `ingest_outcome` stores a source. A short lock is waited out by the busy timeout and everything is
stored once; a lock held past the busy timeout and every retry is a StoreError naming the source, with
nothing written, and the store succeeds once the lock is gone.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func
from sqlmodel import select

from core.errors import StoreError
from models import CrawlRun, Document, session_scope
from models.db import get_engine
from pipeline.ingest import ingest_outcome
from tests.support.builders import outcome

LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
db.execute("CREATE TABLE IF NOT EXISTS other_writer (note TEXT)")
db.execute("INSERT INTO other_writer VALUES ('held the lock')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def locked(path, seconds: float):
    """Another process holds the write lock on `path` for `seconds` (or until the block ends)."""
    process = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@contextmanager
def busy_timeout(url: str, ms: int):
    """A shorter busy timeout on the store's own engine, so outlasting every retry takes seconds, not a minute."""
    engine = get_engine(url)

    def shorten(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA busy_timeout={ms}")

    engine.dispose()
    event.listen(engine, "connect", shorten)
    try:
        yield
    finally:
        event.remove(engine, "connect", shorten)
        engine.dispose()


def counts(url: str, key: str) -> tuple[int, int]:
    with session_scope(url) as session:
        docs = session.exec(select(func.count()).select_from(Document).where(Document.source_key == key)).one()
        runs = session.exec(select(func.count()).select_from(CrawlRun).where(CrawlRun.source_key == key)).one()
    return docs, runs


def test_a_short_lock_is_waited_out_and_everything_is_stored_once(sqlite_settings, caplog):
    url = sqlite_settings.db_url
    with (
        caplog.at_level(logging.INFO, logger="pipeline.ingest"),
        locked(sqlite_settings.home / "signaldesk.db", 3) as other,
    ):
        report = ingest_outcome(url, "run-1", outcome("wire", 200))
        assert other.wait(timeout=30) == 0 and other.stdout.read().strip() == "released"
    assert report.status == "ok" and report.new == 200
    assert counts(url, "wire") == (200, 1)
    assert "retrying store" not in caplog.text, "the busy timeout waited; no attempt failed"
    with session_scope(url) as session:
        assert session.connection().exec_driver_sql("SELECT note FROM other_writer").scalar() == "held the lock"


def test_a_lock_outlasting_the_retries_is_a_store_error_naming_the_source(sqlite_settings):
    url = sqlite_settings.db_url
    with busy_timeout(url, 200):
        with locked(sqlite_settings.home / "signaldesk.db", 600), pytest.raises(StoreError) as failed:
            ingest_outcome(url, "run-1", outcome("wire", 200))
        assert str(failed.value) == "wire: could not store after 4 attempts: database is locked"
        assert counts(url, "wire") == (0, 0)
        # The other writer is gone (killed: its transaction rolled back); the next attempt stores everything.
        report = ingest_outcome(url, "run-2", outcome("wire", 200))
    assert report.new == 200 and counts(url, "wire") == (200, 1)
