"""Crawl options are passed, not ambient: the settings are read once at the edge, and after that what the caller
passes is what decides, whatever this process's environment says."""

from __future__ import annotations

import pytest

from pipeline.crawl import DEFAULT_OPTIONS, CrawlOptions
from pipeline.ingest import crawl_and_ingest
from pipeline.settings import load_settings
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()


def test_the_settings_edge_reads_the_crawl_options_once(monkeypatch):
    monkeypatch.setenv("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "true")
    monkeypatch.setenv("SIGNALDESK_CRAWL_FAST", "1")
    monkeypatch.setenv("SIGNALDESK_CRAWL_TIMEOUT", "45")
    settings = load_settings()
    monkeypatch.delenv("SIGNALDESK_CRAWL_FAST")  # read already: a later change is not seen
    assert CrawlOptions.from_settings(settings) == CrawlOptions(allow_private=True, fast=True, timeout=45.0)


def test_a_crawl_nobody_configured_runs_as_the_default_settings_say(monkeypatch):
    for name in ("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "SIGNALDESK_CRAWL_FAST", "SIGNALDESK_CRAWL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    assert CrawlOptions.from_settings(load_settings()) == DEFAULT_OPTIONS == CrawlOptions(False, False, 120.0)


@pytest.mark.slow
def test_options_passed_decide_the_crawl_over_the_settings_and_the_environment(sqlite_settings, loopback, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "true")  # in this process only: it must not count
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS)
    spec = SourceSpec("feed", "Feed", "feed", loopback.url("/feed.xml"))
    strict = sqlite_settings.model_copy(update={"allow_private_sources": False, "crawl_fast": True})

    [refused] = crawl_and_ingest([spec], strict, "by-settings")
    assert refused.failed and "loopback address 127.0.0.1" in refused.errors[0] and route.hits == []

    loopback_options = CrawlOptions(allow_private=True, fast=True, timeout=60)
    [crawled] = crawl_and_ingest([spec], strict, "by-options", options=loopback_options)
    assert crawled.status == "ok" and crawled.new > 0 and len(route.hits) == 1
