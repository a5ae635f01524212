"""`user:pass@` in a source URL is sent as HTTP basic auth, never to a redirect's other host, and neither the
password nor a `?token=` reaches the crawl log, the CrawlRun messages or the stored items."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from sqlmodel import select

from models import CrawlRun, Document, session_scope
from pipeline.ingest import crawl_and_ingest
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow
FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
USER, PASSWORD, TOKEN = "bob", "s3cret-pw", "tok-5e6f7a"
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


class AuthServer:
    """Serves FEED at /feed.xml and redirects /moved.xml to `redirect_to`, both only with the right basic auth."""

    def __init__(self, redirect_to: str = ""):
        self.seen: list[tuple[str, str | None]] = []  # (path, Authorization)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.seen.append((self.path, self.headers.get("Authorization")))
                if self.path.startswith("/robots.txt"):
                    return self._answer(404, b"", {})
                if self.headers.get("Authorization") != EXPECTED:
                    return self._answer(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="feeds"'})
                if self.path.startswith("/moved.xml"):
                    return self._answer(302, b"", {"Location": redirect_to})
                self._answer(200, FEED, {"Content-Type": RSS})

            def _answer(self, status: int, body: bytes, headers: dict) -> None:
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{USER}:{PASSWORD}@127.0.0.1:{self.port}{path}?token={TOKEN}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def crawl(sqlite_settings, monkeypatch):
    monkeypatch.setenv("SIGNALDESK_CRAWL_LOG_LEVEL", "DEBUG")  # Scrapy then logs every request's URL
    settings = sqlite_settings.model_copy(update={"allow_private_sources": True, "crawl_fast": True})

    def run(url: str):
        [report] = crawl_and_ingest([SourceSpec("private", "Private", "feed", url)], settings, "auth-run")
        with session_scope(settings.db_url) as session:
            messages = [m for r in session.exec(select(CrawlRun)).all() for m in r.messages]
            urls = session.exec(select(Document.canonical_url)).all()
        log = (settings.raw_dir / "auth-run" / "private.log").read_text(encoding="utf-8")
        return report, messages, urls, log

    return run


def test_a_feed_behind_basic_auth_is_crawled_and_stored_without_leaking_the_secrets(crawl):
    server = AuthServer()
    try:
        report, messages, urls, log = crawl(server.url("/feed.xml"))
    finally:
        server.close()
    assert report.status == "ok" and report.new == len(feedparser.parse(FEED).entries) > 0
    assert (f"/feed.xml?token={TOKEN}", EXPECTED) in server.seen
    assert f"Crawled (200) <GET http://127.0.0.1:{server.port}/feed.xml?token=***>" in log, "the log was kept"
    for text in (log, *messages, *urls):
        assert PASSWORD not in text and TOKEN not in text


def test_credentials_do_not_follow_a_redirect_to_another_host(crawl, loopback):
    other = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS)
    server = AuthServer(redirect_to=f"http://localhost:{loopback.port}/feed.xml")
    try:
        report, _messages, _urls, _log = crawl(server.url("/moved.xml"))
    finally:
        server.close()
    assert (f"/moved.xml?token={TOKEN}", EXPECTED) in server.seen
    assert report.status == "ok" and len(other.hits) == 1
    assert "Authorization" not in other.hits[0], "the other host got the credentials"


def test_a_refused_crawl_is_reported_with_the_url_masked(crawl):
    server = AuthServer()
    try:
        report, messages, _urls, log = crawl(server.url("/feed.xml").replace(PASSWORD, "wrong"))
    finally:
        server.close()
    assert report.status == "failed"
    assert f"http://127.0.0.1:{server.port}/feed.xml?token=***: HTTP 401 Unauthorized" in messages
    assert all(TOKEN not in text for text in (log, *messages, *report.errors))
