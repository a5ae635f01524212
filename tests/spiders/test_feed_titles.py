"""Feed titles reach the pipeline as markup, whatever way the feed wrote them."""

from __future__ import annotations

from scrapy.http import XmlResponse

from pipeline.normalize import normalize
from spiders.feed import FeedSpider

URL = "https://news.example.com/feed.xml"


def _titles(body: str) -> list[str]:
    spider = FeedSpider(source_key="t", url=URL, publication="T")
    response = XmlResponse(url=URL, body=body.encode(), headers={"Content-Type": "application/xml"})
    return [normalize(item).title for item in spider.parse_source(response)]


def test_a_plain_text_title_keeps_what_looks_like_a_tag():
    rss = (
        '<rss version="2.0"><channel><title>T</title><item><title>Why &lt;script&gt; tags break AT&amp;T '
        "pages</title><link>https://news.example.com/a</link></item></channel></rss>"
    )
    assert _titles(rss) == ["Why <script> tags break AT&T pages"]


def test_an_html_title_loses_its_markup_and_keeps_its_words():
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title type="html">'
        '&lt;b&gt;Chipmaker&lt;/b&gt; raises $5M</title><link href="https://news.example.com/b"/>'
        "<id>b</id><updated>2026-04-15T10:00:00Z</updated></entry></feed>"
    )
    assert _titles(atom) == ["Chipmaker raises $5M"]
