"""A feed declared as UTF-8 (by its HTTP charset, its XML declaration, or by declaring nothing, which for
XML means UTF-8) with one byte UTF-8 cannot hold: served on loopback, crawled by the real crawl process,
stored. Only that byte is lost (as U+FFFD) and the crawl says so; every other entry keeps its accents."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import CrawlRun, Document, session_scope
from spiders.feed_encoding import repaired_utf8
from tests.support.crawling import feed_sources, run_crawl
from tests.support.httpserver import LoopbackServer, Route

TITLES = [
    "Café owners in Zürich",
    "Nvidia’s “Blackwell” ramps",
    "São Paulo data centre",
    "Ärger über Chips — €5bn",
    "Broken \ufffd byte here",
]
DECLARATIONS = {  # key: (XML declaration, Content-Type)
    "http-charset": ('<?xml version="1.0" encoding="iso-8859-1"?>', "application/rss+xml; charset=utf-8"),
    "xml-declaration": ('<?xml version="1.0" encoding="UTF-8"?>', "application/rss+xml"),
    "undeclared": ("", "application/rss+xml"),
}


def feed(key: str, declaration: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://news.example.com/{key}/{n}</link>"
        f"<pubDate>Wed, 15 Apr 2026 10:0{n}:00 GMT</pubDate></item>"
        for n, title in enumerate(TITLES)
    )
    body = (
        f'{declaration}<rss version="2.0"><channel><title>T</title><link>https://news.example.com/</link>'
        f"{items}</channel></rss>"
    ).encode()
    return body.replace("\ufffd".encode(), b"\xff")


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[dict[str, list[str]], dict[str, CrawlRun]]:
    tmp_path = tmp_path_factory.mktemp("encoding")
    with LoopbackServer() as server:
        for key, (declaration, content_type) in DECLARATIONS.items():
            body = feed(key, declaration)
            assert body.count(b"\xff") == 1 and b"\xef\xbf\xbd" not in body  # the bytes as served
            server.routes[f"/{key}.xml"] = Route(body=body, content_type=content_type)
        done = run_crawl(tmp_path, feed_sources(tmp_path, server, DECLARATIONS))
    assert done.returncode == 0, done.stderr
    with session_scope(f"sqlite:///{tmp_path / 'home' / 'signaldesk.db'}") as session:
        titles: dict[str, list[str]] = {}
        for doc in session.exec(select(Document).order_by(Document.canonical_url)).all():
            titles.setdefault(doc.source_key, []).append(doc.title)
        runs = {run.source_key: run for run in session.exec(select(CrawlRun)).all()}
    return titles, runs


@pytest.mark.slow
@pytest.mark.parametrize("key", DECLARATIONS)
def test_one_invalid_byte_costs_only_itself(stored, key):
    titles, runs = stored
    assert titles[key] == TITLES, runs[key].messages


@pytest.mark.slow
@pytest.mark.parametrize("key", DECLARATIONS)
def test_the_replaced_byte_is_reported(stored, key):
    run = stored[1][key]
    assert run.status == "ok"
    assert any("1 invalid byte sequence(s) in a feed declared as utf-8" in m for m in run.messages), run.messages


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("<?xml version='1.0' encoding='utf-8'?><x>Résumé café</x>".encode("latin-1"), "application/xml"),
        ("<x>Café \xff</x>".encode(), "application/xml; charset=iso-8859-1"),
        ("<x>Café</x>".encode("utf-16"), "application/xml"),
        ("<x>Café</x>".encode(), "application/xml; charset=utf-8"),
    ],
)
def test_bytes_in_another_encoding_or_valid_utf8_are_left_to_feedparser(body, content_type):
    assert repaired_utf8(body, content_type) == (body, 0)
