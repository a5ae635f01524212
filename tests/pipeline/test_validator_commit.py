"""ETag / Last-Modified become current only after the items they describe are committed to the store.

A real crawl process fetches a loopback feed that sends a new ETag; the store is then made to fail or not.
The current validators file must describe what the store holds: the old ETag while the new items are not
stored (the next crawl must download them again), the new one once they are.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from core.errors import StoreError
from models import Document, session_scope
from pipeline import ingest
from pipeline.ingest import crawl_one
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()


@pytest.fixture
def feed(loopback, sqlite_settings):
    """(settings, spec, current validators file) with the file holding last run's ETag "v0"."""
    loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS, etag='"v1"')
    settings = sqlite_settings.model_copy(update={"allow_private_sources": True, "crawl_fast": True})
    spec = SourceSpec("bleeping", "BleepingComputer", "feed", loopback.url("/feed.xml"))
    current = settings.home / "state" / "http-validators" / "bleeping.json"
    current.parent.mkdir(parents=True, exist_ok=True)
    current.write_bytes(json.dumps({spec.url: {"etag": '"v0"'}}).encode())
    return settings, spec, current


def stored(settings) -> int:
    with session_scope(settings.db_url) as session:
        return session.exec(select(func.count()).select_from(Document)).one()


def test_a_store_that_fails_leaves_the_current_validators_as_they_were(feed, monkeypatch):
    settings, spec, current = feed
    before = current.read_bytes()

    def refuse(session, items):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(ingest, "store_items", refuse)
    with pytest.raises(StoreError, match="disk I/O error"):
        crawl_one(spec, settings, "run-1")
    assert stored(settings) == 0
    assert current.read_bytes() == before, "the ETag of items that were never stored must not become current"


def test_a_committed_store_makes_the_fresh_validators_current(feed):
    settings, spec, current = feed
    report = crawl_one(spec, settings, "run-1")
    assert report.status == "ok" and stored(settings) == report.new > 0
    assert json.loads(current.read_bytes()) == {spec.url: {"etag": '"v1"'}}
    fresh = settings.raw_dir / "run-1" / "bleeping.validators.json"
    assert json.loads(fresh.read_bytes()) == {spec.url: {"etag": '"v1"'}}, "written beside the raw items"
