"""The public sources page never shows a secret a feed URL carries, in the link or in a crawl message."""

from __future__ import annotations

from models.db import session_scope
from tests.support import builders as b

SECRET_URL = "https://bob:hunter2@feeds.example/private.rss?token=tok-9f8e7d&page=2&api_key=k-1a2b3c"
SECRETS = (b"hunter2", b"tok-9f8e7d", b"k-1a2b3c")


def test_sources_page_masks_url_secrets_in_links_and_messages(client, web_settings):
    with session_scope(web_settings.db_url) as session:
        b.source(session, "private-feed", "Private Feed", url=SECRET_URL)
        # A row stored as messages were written before they were masked at the source.
        b.crawl(session, "private-feed", "failed", errors=1, messages=[f"{SECRET_URL}: HTTP 500 Internal Server Error"])
    body = client.get("/sources").content
    assert b"Private Feed" in body and b"HTTP 500 Internal Server Error" in body
    for secret in SECRETS:
        assert secret not in body, secret
    assert b"https://***@feeds.example/private.rss?token=***&amp;page=2&amp;api_key=***" in body
