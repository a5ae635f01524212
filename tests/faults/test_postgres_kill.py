"""Fault 3: the store's PostgreSQL connection killed mid-batch (pg_terminate_backend from a second
connection, fired when the store sends its INSERT of documents). The source's transaction is rolled back
whole, the store retries on a fresh connection, and when the faults outlast the retries the source fails
with a StoreError naming it, leaving nothing half-written; the next run stores everything.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import event, func
from sqlmodel import select

from core.errors import StoreError
from models import CrawlRun, Document, session_scope
from models.db import get_engine
from pipeline.ingest import crawl_and_ingest, ingest_outcome
from pipeline.sources import SourceSpec
from tests.conftest import PG_URL
from tests.spiders.cases import RSS
from tests.support.builders import outcome
from tests.support.httpserver import Route
from tests.support.recorded import recorded

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]


@contextmanager
def killer(db_url: str, *, times: int, source_key: str | None = None):
    """Terminates the backend of whichever connection is about to INSERT documents (of `source_key`),
    `times` times; yields the list of killed backend pids."""
    engine, killed = get_engine(db_url), []

    def kill(conn, _cursor, statement, parameters, _context, _many):
        if len(killed) >= times or not statement.lstrip().upper().startswith("INSERT INTO DOCUMENT"):
            return
        values = parameters.values() if isinstance(parameters, dict) else parameters
        if source_key is not None and source_key not in list(values):
            return
        pid = conn.connection.dbapi_connection.info.backend_pid
        with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        killed.append(pid)

    event.listen(engine, "before_cursor_execute", kill)
    try:
        yield killed
    finally:
        event.remove(engine, "before_cursor_execute", kill)


def counts(db_url: str, key: str) -> tuple[int, int]:
    with session_scope(db_url) as session:
        docs = session.exec(select(func.count()).select_from(Document).where(Document.source_key == key)).one()
        runs = session.exec(select(func.count()).select_from(CrawlRun).where(CrawlRun.source_key == key)).one()
    return docs, runs


def test_a_connection_killed_mid_batch_is_retried_and_stores_everything_once(db_url, caplog):
    with caplog.at_level(logging.INFO, logger="pipeline.ingest"), killer(db_url, times=1) as killed:
        report = ingest_outcome(db_url, "run-1", outcome("wire", 300))
    assert len(killed) == 1
    assert report.status == "ok" and report.new == 300
    assert counts(db_url, "wire") == (300, 1), "one Document per item and one CrawlRun, nothing doubled"
    assert "retrying store of wire after" in caplog.text, "the run says what happened"


def test_kills_outlasting_the_retries_fail_the_source_whole_and_the_next_run_completes(db_url):
    with killer(db_url, times=100) as killed, pytest.raises(StoreError) as failed:
        ingest_outcome(db_url, "run-1", outcome("wire", 300))
    assert len(killed) == 4
    assert str(failed.value).startswith("wire: could not store after 4 attempts")
    assert counts(db_url, "wire") == (0, 0), "no half-written batch, no CrawlRun claiming success"

    report = ingest_outcome(db_url, "run-2", outcome("wire", 300))
    assert report.new == 300 and counts(db_url, "wire") == (300, 1)


@pytest.mark.slow
def test_one_source_losing_the_database_does_not_cost_the_others_and_is_crawled_whole_next_time(settings, loopback):
    # The feeds carry ETags: a crawl whose store failed must not leave its ETag behind, or the next crawl
    # would get a 304 and these items would be lost for good.
    settings = settings.model_copy(update={"allow_private_sources": True, "crawl_fast": True})
    for key, name in {
        "victim": "bleepingcomputer-feed-2025-07-24.xml",
        "bystander": "securityweek-feed-2025-07-24.xml",
    }.items():
        loopback.routes[f"/{key}.xml"] = Route(body=recorded(name).read_bytes(), content_type=RSS, etag=f'"{key}-v1"')
    specs = [SourceSpec(k, k, "feed", loopback.url(f"/{k}.xml")) for k in ("victim", "bystander")]

    with killer(settings.db_url, times=100, source_key="victim"):
        first = {r.source_key: r for r in crawl_and_ingest(specs, settings, "run-1")}
    assert first["victim"].failed and "could not store after 4 attempts" in first["victim"].errors[0]
    assert first["bystander"].status == "ok" and first["bystander"].new == 10
    assert counts(settings.db_url, "victim") == (0, 0)

    second = {r.source_key: r for r in crawl_and_ingest(specs, settings, "run-2")}
    assert second["victim"].status == "ok" and second["victim"].new == 12
    assert second["bystander"].status == "not_modified"
    victim_hits = loopback.routes["/victim.xml"].hits
    assert "If-None-Match" not in victim_hits[-1], "the failed store's ETag was forgotten"
    assert counts(settings.db_url, "victim") == (12, 1)
