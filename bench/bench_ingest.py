"""Ingest throughput: parse + normalize + store, against feedparser's bare parse of the same bytes.

Run: .venv/bin/python bench/bench_ingest.py [--items 10000] [--repeat 3]
Prints items/second for both, measured alternately in one run, and their ratio (target >= 0.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import emit  # noqa: E402

SNAPSHOT_FEEDS = Path(__file__).resolve().parents[1] / "pipeline" / "demo" / "snapshot" / "feeds"


def real_entries() -> list[dict]:
    """Titles and summaries of the bundled real days of news (the offline demo snapshot)."""
    import feedparser

    entries = []
    for path in sorted(SNAPSHOT_FEEDS.glob("*")):
        for e in feedparser.parse(path.read_bytes()).entries:
            entries.append({"title": e.get("title", ""), "summary": e.get("summary", "")})
    return entries


def make_feed(n: int) -> bytes:
    """An RSS 2.0 feed of n items cycling through real headlines and summaries, each with its own URL."""
    start = datetime(2026, 4, 15, tzinfo=UTC)
    real = real_entries()
    items = []
    for i in range(n):
        e = real[i % len(real)]
        desc = f"<p>{e['summary']}</p><p>Item {i} <a href='https://example.com/related/{i}'>related</a></p>"
        items.append(
            f"<item><title>{escape(e['title'])} ({i})</title>"
            f"<link>https://news.example.com/2026/04/15/story-{i}?utm_source=rss</link>"
            f"<guid isPermaLink='false'>story-{i}</guid>"
            f"<pubDate>{format_datetime(start + timedelta(seconds=i))}</pubDate>"
            f"<category>tech</category><description>{escape(desc)}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Bench News</title>"
        "<link>https://news.example.com/</link><description>bench</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def bare_parse(body: bytes) -> int:
    import feedparser

    return len(feedparser.parse(body).entries)


def ingest_path(body: bytes, db_url: str) -> int:
    from scrapy.http import XmlResponse

    from models import session_scope
    from pipeline.store import store_items
    from spiders.feed import FeedSpider

    spider = FeedSpider(source_key="bench", url="https://news.example.com/feed.xml")
    response = XmlResponse(
        url="https://news.example.com/feed.xml",
        body=body,
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )
    items = list(spider.parse_source(response))
    with session_scope(db_url) as session:
        result = store_items(session, items)
    return result.new


def measure(n: int, repeat: int) -> dict:
    from models.db import upgrade

    body = make_feed(n)
    bare, ingest = [], []
    with tempfile.TemporaryDirectory() as tmp:
        # Warm both sides first (imports, the language model, first-call caches): a daily run pays that
        # once per process, and the ratio is about throughput.
        warm = make_feed(200)
        bare_parse(warm)
        upgrade(f"sqlite:///{Path(tmp) / 'warm.db'}")
        ingest_path(warm, f"sqlite:///{Path(tmp) / 'warm.db'}")
        for round_ in range(repeat):
            t0 = time.perf_counter()
            assert bare_parse(body) == n
            bare.append(n / (time.perf_counter() - t0))
            url = f"sqlite:///{Path(tmp) / f'bench-{round_}.db'}"
            upgrade(url)
            t0 = time.perf_counter()
            stored = ingest_path(body, url)
            ingest.append(n / (time.perf_counter() - t0))
            assert stored == n, f"stored {stored} of {n}"
    b, i = statistics.median(bare), statistics.median(ingest)
    return {"items": n, "bare_per_s": b, "ingest_per_s": i, "ratio": i / b}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    r = measure(args.items, args.repeat)
    print(f"ingest bench: {r['items']:,} feed items, median of {args.repeat} alternating rounds (SQLite)")
    print(f"  feedparser bare parse          {r['bare_per_s']:>10,.0f} items/s")
    print(f"  parse + normalize + store      {r['ingest_per_s']:>10,.0f} items/s")
    print(f"  ratio ingest / bare            {r['ratio']:>10.2f}   (target >= 0.50)")
    emit("ingest", r)
    return r


if __name__ == "__main__":
    main()
