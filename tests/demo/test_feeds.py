"""Every generated feed is a clean feed of its outlet's real items, in its outlet's format."""

from __future__ import annotations

import calendar
import html
from datetime import UTC, datetime

import feedparser
import pytest

from pipeline.demo import SNAPSHOT
from pipeline.demo.outlets import OUTLETS

VERSIONS = {"rss": "rss20", "atom": "atom10", "rdf": "rss10"}
BY_KEY = {o.key: o for o in OUTLETS}


def _parsed(key: str):
    return feedparser.parse((SNAPSHOT / BY_KEY[key].path).read_bytes())


def _day(entry) -> str:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC).date().isoformat()


@pytest.mark.parametrize("key", sorted(BY_KEY))
def test_feed_parses_cleanly_in_its_outlets_format(key):
    feed = _parsed(key)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == VERSIONS[BY_KEY[key].fmt]
    assert feed.feed.title == BY_KEY[key].title
    assert feed.entries and all(e.get("link") and e.get("title") for e in feed.entries)


@pytest.mark.parametrize("key", sorted(BY_KEY))
def test_feed_holds_exactly_its_outlets_items_from_the_days_file(key, days_by_key):
    items, entries = days_by_key[key], _parsed(key).entries
    assert len(entries) == len(items)
    assert sorted(e.link for e in entries) == sorted(i["url"] for i in items)
    by_link = {e.link: e for e in entries}
    for item in (items[0], items[len(items) // 2], items[-1]):
        entry = by_link[item["url"]]
        assert html.unescape(entry.title) == html.unescape(item["title"])
        assert _day(entry) == item["date"]


@pytest.mark.parametrize("key", sorted(k for k in BY_KEY if k != "hackernews"))
def test_descriptions_are_the_outlets_own(key, days_by_key):
    entries = {e.link: e for e in _parsed(key).entries}
    for item in days_by_key[key]:
        assert html.unescape(entries[item["url"]].summary) == html.unescape(item["description"])


def test_hacker_news_is_a_community_feed_with_points_and_comments(days_by_key):
    assert BY_KEY["hackernews"].tier == "community"
    entries = {e.link: e for e in _parsed("hackernews").entries}
    top = max(days_by_key["hackernews"], key=lambda i: i["score"])
    summary = entries[top["url"]].summary
    assert f"Points: {top['score']}" in summary and f"# Comments: {top['comments']}" in summary


def test_feed_categories_are_the_outlets_not_the_scrapers(days_by_key):
    item = days_by_key["techcrunch"][0]
    entry = next(e for e in _parsed("techcrunch").entries if e.link == item["url"])
    assert [t.term for t in entry.tags] == item["tags"][1:]
    assert "techcrunch" not in {t.term for t in entry.tags}


def test_allbirds_pivot_is_told_by_four_outlets_on_the_demo_day():
    from pipeline.demo.server import DEMO_DAY

    outlets = set()
    for key in BY_KEY:
        for entry in _parsed(key).entries:
            if "Allbirds" in entry.title and _day(entry) == DEMO_DAY.isoformat():
                outlets.add(key)
    assert outlets == {"techcrunch", "wired", "arstechnica", "theverge"}
