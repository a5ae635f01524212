"""`redact_url` is safe by default: a query value is shown only under a harmless name, userinfo never, and a
path segment that looks like a token is masked, whatever the secret's parameter is called."""

from __future__ import annotations

import pytest

from core.urlsecrets import redact_text, redact_url

TOKEN = "a1B2c3D4e5F6g7H8i9J0kLmN"
HEX = "9f86d081884c7d659a2feaa0c55ad015"

REDACTED = [
    ("https://h.example/f?authkey=S1&passkey=S2&hmac=S3", "https://h.example/f?authkey=***&passkey=***&hmac=***"),
    ("https://h.example/f?sessionid=S1&userpass=S2", "https://h.example/f?sessionid=***&userpass=***"),
    ("https://h.example/f?passcode=S1&pin=4711&code=S3", "https://h.example/f?passcode=***&pin=***&code=***"),
    ("https://h.example/f?token=S1&api_key=S2&x=S3", "https://h.example/f?token=***&api_key=***&x=***"),
    ("https://bob:hunter2@h.example/f.rss", "https://***@h.example/f.rss"),
    ("https://bob@h.example/f.rss", "https://***@h.example/f.rss"),
    (f"https://h.example/alerts/feeds/123/{TOKEN}", "https://h.example/alerts/feeds/123/***"),
    (
        "https://www.google.com/alerts/feeds/06848252536387440723/13427809785025754914",
        "https://www.google.com/alerts/feeds/***/***",
    ),
    (f"https://h.example/f/{HEX}.xml", "https://h.example/f/***.xml"),
    ("https://h.example/f/ZXhhbXBsZVRva2VuV2l0aG91dERpZ2l0cw==", "https://h.example/f/***"),
    (f"https://h.example/f;jsessionid={HEX.upper()}?format=rss", "https://h.example/f;***?format=rss"),
    (f"https://h.example/f?{TOKEN}", "https://h.example/f?***"),
    (f"https://h.example/f?feed={TOKEN}", "https://h.example/f?feed=***"),
    ("https://h.example/cb#access_token=S1&state=S2", "https://h.example/cb#access_token=***&state=***"),
]
SHOWN = [
    "https://h.example/feed.xml?format=rss&lang=en&hl=de&category=world&cat=3&tag=ai&page=2&sort=new",
    "https://h.example/index.php?type=rss&output=atom&view=full&rss&Page=2",
    "https://h.example/news/world/rss.xml",
    "https://h.example/2024/01/15/an-article-slug/feed/",
    "https://h.example/page#comments",
    "https://h.example/f?x=",
]


@pytest.mark.parametrize("url, shown", REDACTED)
def test_every_secret_a_feed_url_can_carry_is_masked(url, shown):
    assert redact_url(url) == shown


@pytest.mark.parametrize("url", SHOWN)
def test_harmless_parts_of_a_feed_url_stay_readable(url):
    assert redact_url(url) == url


def test_urls_in_messages_are_redacted_and_the_rest_is_kept():
    message = f"GET https://u:pw@h.example/f/{TOKEN}?hmac=S1&page=2: HTTP 500 (see <https://h.example/x?pin=9>)."
    assert redact_text(message) == (
        "GET https://***@h.example/f/***?hmac=***&page=2: HTTP 500 (see <https://h.example/x?pin=***>)."
    )
