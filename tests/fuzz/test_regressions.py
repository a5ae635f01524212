"""Every bug the fuzzers found, pinned by its smallest input, and every saved crash file replayed.

The fixed ones must stay fixed; a saved file not yet fixed is a strict xfail, so the day it is fixed it has to
be renamed (see crashes/README.md).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.canonical import canonical_url
from core.errors import InputError
from core.items import RawItem
from core.sanitize import html_to_text, sanitize_html
from pipeline.dates import parse_date, resolve_published
from pipeline.normalize import normalize
from spiders.base import ERRORS
from spiders.techmeme_feed import split_title
from tests.fuzz.checks import check_plain_text
from tests.fuzz.feeds import parse, spider_for
from tests.fuzz.record import decode, saved_cases
from tests.fuzz.search import fts_table
from tests.fuzz.targets import BY_NAME


@pytest.mark.parametrize(
    "url", ["//[", "http://a:99999/", "http://a:x/", "http://a\uff03b/", "http://./", "https:///x"]
)
def test_canonical_url_returns_empty_for_an_address_it_cannot_parse(url):
    assert canonical_url(url) == ""


def test_a_feed_link_without_a_host_is_refused_not_stored():
    with pytest.raises(InputError, match="no usable http"):
        normalize(RawItem(source_key="s", url="https:///x", title="A title"))


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://h//", "https://h/"),
        ("http://h:443/x", "https://h/x"),
        ("http://www.www.a.b/", "https://a.b/"),
        ("http://[::1]:8080/a", "https://[::1]:8080/a"),
        ("HTTP://%A", "https://%a/"),
        ("HTTP://eom:8080/b\x1f\x1f/\x1f?\x1f", "https://eom:8080/b%1F%1F/%1F"),
    ],
)
def test_canonical_url_is_idempotent_on_what_broke_it(url, expected):
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "Fri, 31 Dec 9999 23:00:00 -0500"]
)
def test_dates_beyond_what_datetime_holds_after_the_shift_are_not_dates(text):
    assert parse_date(text) is None


def test_a_zone_naming_a_tzdata_folder_falls_back_to_utc():
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    assert resolve_published("2025-07-24 10:00", fetched, zone="America") == (
        datetime(2025, 7, 24, 10, 0, tzinfo=UTC),
        None,
    )


@pytest.mark.parametrize("title", ["Apple (/)", "Apple ( )", "Apple (/ /)"])
def test_a_credit_naming_nobody_stays_in_the_headline(title):
    assert split_title(title) == (title, None, None)


@pytest.mark.parametrize(
    "fragment",
    [
        "<textarea><!-- <script>alert(1)</script> --></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<xmp><svg onload=1></xmp>",
    ],
)
def test_raw_text_elements_do_not_leak_their_markup_as_text(fragment):
    assert html_to_text(fragment) == ""
    assert "&lt;" not in sanitize_html(fragment)


@pytest.mark.parametrize(
    "fragment",
    ["<h1><scr<script>ipt>alert(1)</script><h1>", "<MARQUEE<MARQUEE>\ufeff\ufeff\ufeff</MARQUEE></MARQUEE x>"],
)
def test_sanitizing_twice_changes_nothing(fragment):
    once = sanitize_html(fragment)
    assert sanitize_html(once) == once


def test_a_stray_end_tag_that_crashes_feedparser_is_reported_not_raised():
    body = b'<rss version="2.0"><channel><title>x</title><item><title>a</title></height></item></channel></rss>'
    assert parse("feed", body, "application/rss+xml") == []
    errors = spider_for("feed").crawler.stats.get_value(ERRORS)
    assert len(errors) == 1 and "feedparser could not read this feed (TypeError" in errors[0]


def _found(text: str) -> bool:
    from web.queries.fts import parse_search

    db = fts_table()
    db.execute("INSERT INTO doc(rowid, title, summary, body) VALUES (1, ?, '', '')", (text,))
    try:
        return db.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (parse_search(text).fts5(),)).fetchall() == [(1,)]
    finally:
        db.execute("DELETE FROM doc")


def test_search_finds_a_plain_word_it_was_given():
    assert _found("Nvidia")


def test_search_finds_a_german_sharp_s():
    assert _found("Straße")


def test_search_finds_a_ligature():
    assert _found("ﬁnance")


def test_search_finds_greek_with_an_accent():
    assert _found("Ύψος")


def test_search_finds_a_latin_letter_on_a_non_ascii_base():
    assert _found("Søren ǿre")


def test_search_finds_a_word_holding_a_combining_accent():
    assert _found("NOTe\u0301NOT")


def test_an_unreadable_link_in_a_techmeme_item_is_reported_not_raised():
    page = (
        b'<html><body><div class="itc1"><div class="itc2" id="180320p1"><strong class="L1">'
        b'<a href="//[if IE]/x">Headline</a></strong><span class="drhed">More:</span>'
        b'<span class="bls"><a href="//[x">Outlet</a></span></div></div></body></html>'
    )
    assert parse("techmeme", page, "text/html") == []
    errors = spider_for("techmeme").crawler.stats.get_value(ERRORS)
    assert errors == ["https://www.techmeme.com/: item 180320p1 has no usable headline link ('//[if IE]/x'); skipped"]


def test_an_unreadable_more_link_keeps_the_item_without_that_url():
    page = (
        b'<html><body><div class="itc1"><div class="itc2" id="180320p1"><strong class="L1">'
        b'<a href="https://example.com/story">Headline</a></strong><span class="drhed">More:</span>'
        b'<span class="bls"><a href="//[x">Outlet</a></span></div></div></body></html>'
    )
    [item] = parse("techmeme", page, "text/html")
    assert item.url == "https://example.com/story"
    assert item.extra["related_outlets"] == [{"publication": "Outlet", "url": None}]


def _techmeme_item(headline: str, after: str) -> RawItem:
    page = (
        f'<html><body><div class="itc1"><div class="itc2" id="180320p1"><strong class="L1">'
        f'<a href="https://example.com/story">{headline}</a></strong>{after}</div></div></body></html>'
    )
    [item] = parse("techmeme", page.encode(), "text/html")
    return item


def test_a_stray_lt_in_a_techmeme_cluster_stays_off_the_paragraph_after_it():
    item = _techmeme_item(
        "Headline",
        " &mdash; Summary <div><cite>Surur / <<p action\tonerror=``/action</p>"
        'a href="http://o.example/">Outlet</a>:</cite></div>',
    )
    summary = normalize(item).summary
    assert summary == 'Summary\nSurur / <\na href="http://o.example/">Outlet:'
    check_plain_text(summary, item.summary_html, "summary")


def test_text_a_techmeme_page_writes_encoded_stays_text():
    item = _techmeme_item(
        "Why &lt;script&gt; tags &amp; a &lt; b matter",
        ' &mdash; Explained: &lt;b&gt; is bold <span class="drhed">More:</span> '
        '<span class="bls"><a href="https://o.example/">Law &amp; &lt;Crime&gt;</a>, '
        '<a href="https://p.example/">&lt;<p>a href</p></a></span>',
    )
    doc = normalize(item)
    assert doc.title == "Why <script> tags & a < b matter"
    assert doc.summary == "Explained: <b> is bold More: Law & <Crime>, <\na href"
    assert [o["publication"] for o in item.extra["related_outlets"]] == ["Law & <Crime>", "< a href"]


def test_an_outlet_name_padded_with_control_characters_is_trimmed():
    from spiders.techmeme_feed import read_description

    html = '<a href="p" title="Techmeme permalink">p</a> A / <a href="https://o.example/">\x1cOutlet\x1c</a>:'
    assert read_description(html)["publication"] == "Outlet"


def _replayed(saved: list[tuple[str, dict]]) -> list:
    """Fixed failures (`<target>-fixed-...` files) must stay fixed; one saved but not yet fixed is a strict
    xfail, so its fix has to rename the file."""
    return [
        pytest.param(
            name,
            case,
            id=name,
            marks=()
            if "-fixed-" in name
            else pytest.mark.xfail(strict=True, reason=f"open fuzz finding: {case['error'][:120]}"),
        )
        for name, case in saved
    ]


@pytest.mark.parametrize(
    "name, case",
    _replayed(saved_cases())
    or [
        pytest.param(
            "none", None, marks=pytest.mark.skip(reason="no saved fuzz failures: tests/fuzz/crashes/ is empty")
        )
    ],
)
def test_saved_fuzz_failure_stays_fixed(name, case):
    BY_NAME[case["target"]].check(decode(case["input"]))


def test_an_rfc822_time_too_large_for_an_integer_is_not_a_date():
    assert parse_date("Mo, 01 Jan 1 00:2222222200 T") is None
