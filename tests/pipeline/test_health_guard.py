"""`signaldesk sources check` holds every hop to the SSRF rule, and sends URL credentials only to their origin.

Tests may only serve from loopback, so public sources are IP literals (IANA's example.com addresses, never
contacted) reached through the loopback server as the HTTP proxy (httpx honours `http_proxy`); the proxy
answers for them, redirects included.
"""

from __future__ import annotations

import feedparser
import pytest

from pipeline.health import check_source
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
PUBLIC, OTHER = "http://93.184.215.14", "http://93.184.216.34"
METADATA = "http://100.100.100.200/latest/meta-data/"


@pytest.fixture
def proxy(loopback, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, loopback.base)
    for name in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return loopback


def check(url: str, **allow_private):
    return check_source(SourceSpec("src", "Source", "feed", url), timeout=10, **allow_private)


def test_a_source_on_loopback_is_refused_before_any_request(loopback):
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS)
    health = check(loopback.url("/feed.xml"))
    assert not health.ok and route.hits == []
    assert "refused" in health.detail and "loopback address 127.0.0.1" in health.detail
    assert check(loopback.url("/feed.xml"), allow_private=True).ok, "the setting lets it through"


def test_a_redirect_hop_into_the_shared_address_space_is_refused(proxy):
    metadata = proxy.routes[METADATA] = Route(body=FEED, content_type=RSS)
    proxy.routes[f"{PUBLIC}/feed.xml"] = Route(status=302, headers={"Location": METADATA})
    health = check(f"{PUBLIC}/feed.xml")
    assert not health.ok and metadata.hits == [], "nothing was sent to the metadata address"
    assert "shared (CGNAT, 100.64.0.0/10) address 100.100.100.200" in health.detail


def test_redirects_are_followed_and_bounded(proxy):
    proxy.routes[f"{PUBLIC}/old.xml"] = Route(status=301, headers={"Location": "/feed.xml"})
    proxy.routes[f"{PUBLIC}/feed.xml"] = Route(body=FEED, content_type=RSS)
    health = check(f"{PUBLIC}/old.xml")
    assert health.ok and health.items == len(feedparser.parse(FEED).entries) > 0
    proxy.routes[f"{PUBLIC}/loop"] = Route(status=302, headers={"Location": "/loop"})
    assert "more than 5 redirects" in check(f"{PUBLIC}/loop").detail


def test_url_credentials_are_basic_auth_for_their_origin_only(proxy):
    first = proxy.routes[f"{PUBLIC}/feed.xml"] = Route(status=302, headers={"Location": f"{OTHER}/feed.xml"})
    second = proxy.routes[f"{OTHER}/feed.xml"] = Route(body=FEED, content_type=RSS)
    health = check("http://bob:s3cret@93.184.215.14/feed.xml?token=abc")
    assert health.ok
    assert first.hits[0]["Authorization"] == "Basic Ym9iOnMzY3JldA=="  # bob:s3cret
    assert "Authorization" not in second.hits[0], "the other host gets no credentials"
