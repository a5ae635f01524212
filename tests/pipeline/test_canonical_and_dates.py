from datetime import UTC, datetime, timedelta

import pytest

from core.canonical import canonical_url
from pipeline.dates import parse_date, resolve_published


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://www.bbc.com/news/videos/clyxxnz97wxo?at_medium=RSS&at_campaign=rss",
            "https://bbc.com/news/videos/clyxxnz97wxo",
        ),
        ("HTTP://Example.com:80/a/b/?utm_source=x&id=3&b=2#frag", "https://example.com/a/b?b=2&id=3"),
        ("https://example.com:8443/x?fbclid=1", "https://example.com:8443/x"),
        ("https://techcrunch.com/2026/04/14/story/", "https://techcrunch.com/2026/04/14/story"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_canonical_url_drops_tracking_and_fragments(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_resolves_relative_links_against_the_page():
    assert (
        canonical_url("/news-events/news/2026/01/slug", base="https://www.nist.gov/news-events/news")
        == "https://nist.gov/news-events/news/2026/01/slug"
    )


def test_canonical_url_leaves_non_http_schemes_for_the_caller_to_reject():
    assert canonical_url("javascript:alert(1)") == "javascript:alert(1)"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thu, 24 Jul 2025 08:00:00 EDT", datetime(2025, 7, 24, 12, 0, tzinfo=UTC)),
        ("Thu, 12 Feb 2026 22:50:03 +0000", datetime(2026, 2, 12, 22, 50, 3, tzinfo=UTC)),
        ("Sat, 20 Sep 2014 13:30:06 -0400", datetime(2014, 9, 20, 17, 30, 6, tzinfo=UTC)),
        ("Mon, 05 Jan 2026 09:00:00 PST", datetime(2026, 1, 5, 17, 0, tzinfo=UTC)),
        ("2012-11-02T10:30:00Z", datetime(2012, 11, 2, 10, 30, tzinfo=UTC)),
        ("2026-04-14T20:22:39+02:00", datetime(2026, 4, 14, 18, 22, 39, tzinfo=UTC)),
        ("January 15, 2026", datetime(2026, 1, 15, tzinfo=UTC)),
        ("2026-04-14", datetime(2026, 4, 14, tzinfo=UTC)),
    ],
)
def test_parse_date_to_aware_utc(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", [None, "", "   ", "yesterday-ish", "32 Foo 2026"])
def test_parse_date_rejects_non_dates(text):
    assert parse_date(text) is None


def test_missing_and_future_dates_fall_back_to_fetch_time_and_are_flagged():
    fetched = datetime(2026, 4, 15, 8, 0, tzinfo=UTC)
    assert resolve_published(None, fetched) == (fetched, "missing")
    assert resolve_published("not a date", fetched) == (fetched, "unparseable")
    assert resolve_published("2027-01-01T00:00:00Z", fetched) == (fetched, "future")
    when, flag = resolve_published("2026-04-15T07:00:00Z", fetched)
    assert flag is None and when.hour == 7


def test_zone_less_times_are_read_in_the_zone_the_source_writes_them():
    fetched = datetime(2018, 3, 22, tzinfo=UTC)
    when, flag = resolve_published("March 21, 2018, 2:35 AM", fetched, zone="America/New_York")
    assert flag is None
    assert when == datetime(2018, 3, 21, 6, 35, tzinfo=UTC)
