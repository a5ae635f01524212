"""One User-Agent: the crawl and `signaldesk sources check` name themselves alike (core.fetch_limits), so a
site that allows or blocks one does the same to the other."""

from __future__ import annotations

from core.fetch_limits import USER_AGENT
from pipeline.crawl import CrawlOptions, crawl_source
from pipeline.health import check_source
from pipeline.sources import SourceSpec
from tests.support.httpserver import Route

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>Chipmaker opens a new fab</title><link>http://127.0.0.1/a</link>
<pubDate>Thu, 24 Jul 2025 10:00:00 +0000</pubDate><description>A new fab, in enough words.</description></item>
</channel></rss>"""


def test_the_crawl_and_the_check_send_the_same_user_agent(loopback, tmp_path):
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type="application/rss+xml")
    spec = SourceSpec("loop", "Loopback", "feed", loopback.url("/feed.xml"))
    options = CrawlOptions(allow_private=True, fast=True, timeout=90)
    outcome = crawl_source(spec, out_dir=tmp_path / "raw", state_dir=tmp_path / "state", options=options)
    health = check_source(spec, allow_private=True, timeout=10)
    assert outcome.items and health.ok
    assert [hit["User-Agent"] for hit in route.hits] == [USER_AGENT, USER_AGENT]
    assert USER_AGENT.startswith("Signaldesk/")
