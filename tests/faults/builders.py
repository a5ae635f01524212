"""A crawl outcome of made-up items, for faults that strike the store rather than the crawl."""

from __future__ import annotations

from pipeline.crawl import CrawlOutcome
from spiders.items import RawItem

FETCHED = "2025-07-24T22:00:00+00:00"


def outcome(key: str, count: int) -> CrawlOutcome:
    items = [RawItem(source_key=key, url=f"https://news.example/{key}/{n}", title=f"{key} story number {n}",
                     summary_html=f"<p>What happened in {key} story {n}, in enough words to stand alone.</p>",
                     published="Thu, 24 Jul 2025 10:00:00 +0000", fetched_at=FETCHED) for n in range(count)]
    return CrawlOutcome(key, items, 200, False, [], None)
