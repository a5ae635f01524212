"""Real feeds and the Techmeme page, cut into entries and mutated, run through the spiders' parse and normalize.

Seeds are the recorded sources of the spider tests (tests/support/recorded.py says where each is kept). A feed
input keeps a real channel head and tail around one to three real entries, then gets hostile field values
(markup, URLs, dates, credits) written into those entries and, sometimes, byte-level damage on top.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

import lxml.html
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from spiders.base import ERRORS
from spiders.feed import FeedSpider
from spiders.techmeme import TechmemeSpider
from tests.fuzz.html_grammar import hostile_html
from tests.fuzz.text_grammar import any_url, credit_titles, dates
from tests.support.recorded import recorded

FEED_FILES = (
    "techmeme-feed-examples.xml",
    "techmeme-derived-feed-2026-02-13.xml",
    "bleepingcomputer-feed-2025-07-24.xml",
    "securityweek-feed-2025-07-24.xml",
    "techcrunch-feed-2023-08-16.xml",
    "cisa-cybersecurity-advisories-2025-07-24.xml",
    "theregister-bootnotes-atom-2012-11-02.atom",
)
CONTENT_TYPES = (
    "application/rss+xml; charset=utf-8",
    "application/atom+xml",
    "text/xml",
    "text/html",
    "application/octet-stream",
    "text/xml; charset=bogus",
    "application/xml; charset=utf-16",
    "",
)
MAX_ENTRY = 30_000  # a CISA advisory body is ~80 kB: skipped as a seed to keep inputs per second up
FIELDS = (
    "title",
    "link",
    "description",
    "summary",
    "content",
    "content:encoded",
    "pubDate",
    "updated",
    "published",
    "guid",
    "id",
    "author",
    "name",
    "category",
    "dc:creator",
)


@cache
def feed_seeds() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(head, entries, tail) of each recorded feed."""
    seeds = []
    for name in FEED_FILES:
        text = recorded(name).read_text(encoding="utf-8")
        tag = "entry" if name.endswith(".atom") else "item"
        entries = re.findall(rf"<{tag}\b.*?</{tag}>", text, flags=re.S)
        head = text[: text.index(entries[0])]
        tail = text[text.rindex(entries[-1]) + len(entries[-1]) :]
        kept = tuple(e for e in entries if len(e) <= MAX_ENTRY) or (entries[0][:MAX_ENTRY],)
        seeds.append((head, kept, tail))
    return tuple(seeds)


@lru_cache(maxsize=1)
def techmeme_clusters() -> tuple[str, ...]:
    page = lxml.html.fromstring(recorded("techmeme-homepage-2018-03-21.html").read_bytes())
    clusters = page.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " clus ")]')
    serialized = (lxml.html.tostring(c, encoding="unicode") for c in clusters)
    return tuple(c for c in serialized if len(c) <= MAX_ENTRY)


def _xml_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_VALUES = {
    "link": any_url,
    "guid": any_url,
    "id": any_url,
    "pubDate": dates(),
    "updated": dates(),
    "published": dates(),
    "title": credit_titles(),
}


@st.composite
def field_edit(draw, entry: str) -> str:
    name = draw(st.sampled_from(FIELDS))
    value = draw(_VALUES.get(name, hostile_html(max_leaves=8)))
    wrap = draw(st.sampled_from(("escaped", "cdata", "raw")))
    value = {"escaped": _xml_escape(value), "cdata": f"<![CDATA[{value}]]>", "raw": value}[wrap]
    if name == "link" and "<link " in entry and draw(st.booleans()):  # Atom: the URL is an attribute
        return re.sub(r'href="[^"]*"', lambda _: f'href="{_xml_escape(value)}"', entry, count=1)
    pattern = re.compile(rf"(<{re.escape(name)}\b[^>]*>).*?(</{re.escape(name)}>)", re.S)
    if pattern.search(entry):
        return pattern.sub(lambda m: m.group(1) + value + m.group(2), entry, count=1)
    return entry.replace(">", f"><{name}>{value}</{name}>", 1)


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """Byte-level damage: truncation, deletion, duplication, flipped or inserted bytes."""
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("truncate", "delete", "duplicate", "flip", "insert")))
        end = min(len(data), at + draw(st.integers(1, 64)))
        if op == "truncate":
            data = data[:at]
        elif op == "delete":
            data = data[:at] + data[end:]
        elif op == "duplicate":
            data = data[:end] + data[at:end] + data[end:]
        elif op == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        else:
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


def _encode(draw, text: str) -> bytes:
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "bom", "declared-latin-1")))
    if encoding == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "declared-latin-1":
        return text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1).encode("utf-8")
    return text.encode(encoding, errors="replace")


@st.composite
def feed_documents(draw) -> tuple[bytes, str]:
    head, entries, tail = draw(st.sampled_from(feed_seeds()))
    chosen = draw(st.lists(st.sampled_from(entries), min_size=1, max_size=3))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(chosen) - 1))
        chosen[position] = draw(field_edit(chosen[position]))
    data = _encode(draw, head + "\n".join(chosen) + tail)
    return draw(damaged(data)), draw(st.sampled_from(CONTENT_TYPES))


@st.composite
def techmeme_pages(draw) -> tuple[bytes, str]:
    clusters = draw(st.lists(st.sampled_from(techmeme_clusters()), min_size=1, max_size=3))
    page_time = draw(st.one_of(dates(), st.just("March 21, 2018, 2:35 AM")))
    edits = draw(st.lists(st.tuples(st.integers(0, 10**6), hostile_html(max_leaves=6)), max_size=2))
    body = "".join(clusters)
    for at, snippet in edits:  # hostile markup dropped anywhere inside the real layout
        at %= len(body) + 1
        body = body[:at] + snippet + body[at:]
    page = f"<html><head><script>var pgrdad='{page_time}';</script></head><body>{body}</body></html>"
    data = draw(damaged(page.encode("utf-8")))
    return data, draw(st.sampled_from(("text/html; charset=utf-8", "text/html", "text/html; charset=latin-1")))


@cache
def spider_for(kind: str):
    cls = {"feed": FeedSpider, "techmeme": TechmemeSpider}[kind]
    spider = cls.from_crawler(get_crawler(cls), source_key=f"fuzz-{kind}", url=_URLS[kind])
    # Reports about broken input are the expected outcome here, thousands of times over.
    logging.getLogger(spider.name).setLevel(logging.ERROR)
    return spider


_URLS = {"feed": "https://feeds.example.com/rss.xml", "techmeme": "https://www.techmeme.com/"}


def parse(kind: str, body: bytes, content_type: str) -> list:
    """The RawItems a spider makes of one response (a fresh error list each time, so memory stays flat)."""
    spider = spider_for(kind)
    spider.crawler.stats.set_value(ERRORS, [])
    response_cls = XmlResponse if kind == "feed" else HtmlResponse
    headers = {"Content-Type": content_type} if content_type else {}
    response = response_cls(url=_URLS[kind], body=body, headers=headers)
    return list(spider.parse_source(response))
