"""`signaldesk crawl` with one mistyped entry in the sources file: the real command, a feed on loopback. The
good source is crawled and stored, the bad entry is one warning line on stderr, and the exit status is 0."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import CrawlRun, session_scope
from tests.support.crawling import run_crawl
from tests.support.httpserver import LoopbackServer, Route

pytestmark = pytest.mark.slow
FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
    b"<link>https://news.example.com/</link><item><title>Fab opens</title>"
    b"<link>https://news.example.com/fab</link><pubDate>Wed, 15 Apr 2026 10:00:00 GMT</pubDate></item>"
    b"</channel></rss>"
)


def test_one_mistyped_entry_does_not_stop_the_crawl(tmp_path):
    with LoopbackServer({"/feed.xml": Route(body=FEED, content_type="application/rss+xml")}) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[sources]]\nkey = "typo"\nkind = "rss"\nurl = "{server.url("/other.xml")}"\n\n'
            f'[[sources]]\nkey = "good"\nkind = "feed"\nurl = "{server.url("/feed.xml")}"\n'
        )
        done = run_crawl(tmp_path, sources)
    assert done.returncode == 0, done.stderr
    [warning] = [line for line in done.stderr.splitlines() if "typo" in line]
    assert warning.startswith(f"signaldesk: {sources}: source #1 (key 'typo'): field 'kind': unknown kind 'rss'")
    assert warning.endswith(" (skipped)")
    with session_scope(f"sqlite:///{tmp_path / 'home' / 'signaldesk.db'}") as session:
        runs = {(run.source_key, run.status, run.new) for run in session.exec(select(CrawlRun)).all()}
    assert runs == {("good", "ok", 1)}
