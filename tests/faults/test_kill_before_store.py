"""Fault: the parent is killed after a source's crawl process ended and before its items were stored.

The crawl process has already seen the feed's new ETag. If that ETag became current before the store, the
next crawl would be answered 304 and the killed run's items would be lost for good while the run reports
`not_modified`. The driver (crawl_then_hang.py) runs the real `crawl_one` up to the store and is SIGKILLed
there; a real `crawl_and_ingest` on the same home then must download the feed again and store every item.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import feedparser
import pytest
from sqlmodel import func, select

from models import Document, session_scope
from models.db import ensure_schema
from pipeline.crawl import PROJECT_ROOT
from pipeline.ingest import crawl_and_ingest
from pipeline.settings import Settings
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow
FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()


def crawl_then_kill(home, url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNALDESK_")}
    env.update(SIGNALDESK_HOME=str(home), SIGNALDESK_ALLOW_PRIVATE_SOURCES="true", SIGNALDESK_CRAWL_FAST="1")
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.crawl_then_hang", url, "killed-run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        line = driver.stdout.readline()  # blocks until the crawl process has ended
        assert line.strip() == "crawled", line + driver.stdout.read()
    finally:
        os.killpg(driver.pid, signal.SIGKILL)
        driver.communicate(timeout=60)


def test_killed_between_the_crawl_and_the_store_the_next_crawl_stores_everything(loopback, tmp_path):
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS, etag='"v1"')
    home = tmp_path / "home"
    settings = Settings(home=home, allow_private_sources=True)
    settings.ensure_dirs()
    ensure_schema(settings.db_url)

    crawl_then_kill(home, loopback.url("/feed.xml"))
    assert len(route.hits) == 1

    rerun = settings.model_copy(update={"crawl_fast": True})
    [report] = crawl_and_ingest([SourceSpec("feed", "Feed", "feed", loopback.url("/feed.xml"))], rerun, "rerun")
    with session_scope(settings.db_url) as session:
        stored = session.exec(select(func.count()).select_from(Document)).one()
    assert "If-None-Match" not in route.hits[1], "the killed run's ETag must not be current"
    assert report.status == "ok" and report.new == stored == len(feedparser.parse(FEED).entries) > 0
