"""Characters XML 1.0 forbids, in a feed: served on loopback as raw UTF-8 bytes and as numeric character
references, crawled by the real crawl process, stored. Every entry is kept and none of them is stored, so
the public Atom feeds stay well-formed and one bad reference never costs the feed."""

from __future__ import annotations

import re

import pytest
from scrapy.http import XmlResponse
from sqlmodel import select

from models import CrawlRun, Document, session_scope
from pipeline.normalize import normalize
from spiders.feed import FeedSpider
from tests.support.crawling import feed_sources, run_crawl
from tests.support.httpserver import LoopbackServer, Route

pytestmark = pytest.mark.slow

RSS = "application/rss+xml; charset=utf-8"
# What XML 1.0 forbids (and what no UTF-8 text can hold, for the surrogates), tested on the stored values.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def rss(*items: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Chip feed</title>'
        b"<link>https://news.example.com/</link>\n" + b"\n".join(items) + b"\n</channel></rss>\n"
    )


def item(n: int, title: bytes, summary: bytes = b"Plain summary.") -> bytes:
    return (
        b"<item><title>"
        + title
        + b"</title><link>https://news.example.com/story/%d</link>" % n
        + b"<guid>https://news.example.com/story/%d</guid>" % n
        + b"<pubDate>Wed, 15 Apr 2026 09:00:00 GMT</pubDate><description>"
        + summary
        + b"</description><author>desk@example.com (Ann\xef\xbf\xbe Lee)</author></item>"
    )


FEEDS = {
    # One lone-surrogate reference in one entry used to drop the whole feed.
    "surrogate": rss(
        item(1, b"TSMC adds a fab in Arizona"),
        item(2, b"Nvidia &#xD800;ships a chip", b"Power &#55296;deal &amp;#xDFFF; signed"),
        item(3, b"Intel delays a plant"),
        item(4, b"AMD buys a startup"),
    ),
    "nonchars": rss(
        item(
            1,
            b"Raw \xef\xbf\xbenon\xef\xbf\xbfcharacters in a title",
            b"Raw \xef\xbf\xbe in a summary &lt;b&gt;bold&lt;/b&gt;",
        ),
        item(2, b"References &#xFFFE;to &#xFFFF;nonchars", b"Escaped &amp;#xFFFE; and &amp;#1; too"),
        item(3, b"A C0 control &#x1;reference", b"<![CDATA[<p>Para \xef\xbf\xbf&#xFFFE;</p>]]>"),
        item(4, b"Raw \x01 and \x1b[31m bytes"),
    ),
}
WORDS = {
    "surrogate": ["TSMC", "ships a chip", "Intel", "AMD"],
    "nonchars": ["characters in a title", "nonchars", "reference", "bytes"],
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[dict[str, list[Document]], dict[str, CrawlRun]]:
    tmp_path = tmp_path_factory.mktemp("forbidden")
    with LoopbackServer() as server:
        for key, body in FEEDS.items():
            # each feed's stories on paths of their own: the store keeps one document per URL
            body = body.replace(b"example.com/story/", f"example.com/{key}/".encode())
            server.routes[f"/{key}.xml"] = Route(body=body, content_type=RSS)
        done = run_crawl(tmp_path, feed_sources(tmp_path, server, FEEDS))
    assert done.returncode == 0, done.stderr
    with session_scope(f"sqlite:///{tmp_path / 'home' / 'signaldesk.db'}") as session:
        docs = session.exec(select(Document).order_by(Document.canonical_url)).all()
        runs = {run.source_key: run for run in session.exec(select(CrawlRun)).all()}
    by_source: dict[str, list[Document]] = {}
    for doc in docs:
        by_source.setdefault(doc.source_key, []).append(doc)
    return by_source, runs


@pytest.mark.parametrize("key", FEEDS)
def test_every_entry_is_stored(stored, key):
    docs, runs = stored
    assert runs[key].status == "ok", runs[key].messages
    assert [d.canonical_url.rsplit("/", 1)[-1] for d in docs.get(key, [])] == ["1", "2", "3", "4"]
    titles = " | ".join(d.title for d in docs[key])
    assert all(word in titles for word in WORDS[key]), titles


@pytest.mark.parametrize("key", FEEDS)
def test_no_stored_text_holds_what_xml_forbids(stored, key):
    for doc in stored[0][key]:
        fields = {
            "title": doc.title,
            "summary": doc.summary,
            "body": doc.body,
            "author": doc.author or "",
            "publication": doc.publication or "",
            "original_url": doc.original_url,
            "extra": repr(doc.extra),
        }
        for name, value in fields.items():
            assert not FORBIDDEN.search(value), (doc.canonical_url, name, value)
            value.encode("utf-8")  # a lone surrogate could not even be written as UTF-8


@pytest.mark.parametrize(
    "reference",
    [
        b"&#xD800;",
        b"&#xdfff;",
        b"&#xFFFE;",
        b"&#65535;",
        b"&#x110000;",
        b"&#99999999999999999999;",
        b"&#x0000000000D800;",
    ],
)
def test_a_reference_to_no_xml_character_costs_only_itself(reference):
    url = "https://news.example.com/feed.xml"
    body = rss(item(1, b"Before"), item(2, b"Chip" + reference + b"maker"), item(3, b"After"))
    spider = FeedSpider(source_key="t", url=url, publication="T")
    spider.report = lambda message: None  # the crawl's error list (a bozo feed) is not under test here
    response = XmlResponse(url=url, body=body, headers={"Content-Type": "application/rss+xml"})
    assert [normalize(raw).title for raw in spider.parse_source(response)] == ["Before", "Chipmaker", "After"]


@pytest.mark.parametrize("reference", [b"&#x1F600;", b"&#233;", b"&#xD7FF;", b"&#xE000;", b"&#x10FFFF;"])
def test_a_reference_to_a_character_xml_allows_is_kept(reference):
    url = "https://news.example.com/feed.xml"
    spider = FeedSpider(source_key="t", url=url, publication="T")
    spider.report = lambda message: None
    response = XmlResponse(url=url, body=rss(item(1, b"Chip" + reference)), headers={"Content-Type": "application/xml"})
    code = int(reference[3:-1], 16) if reference[2:3] == b"x" else int(reference[2:-1])
    assert [raw.title for raw in spider.parse_source(response)] == [f"Chip{chr(code)}"]
