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


# Secrets under names no deny-list foresees, and a token as a path segment (a Google Alerts style feed).
UNNAMED_URL = "https://feeds.example/f?authkey=S3CRET1&passkey=S3CRET2&hmac=S3CRET3&format=rss"
PATH_TOKEN_URL = "https://alerts.example/alerts/feeds/123/Zq8Lw2Nx5Vb7Mk3Jh9Gf4Dd6"
UNNAMED_SECRETS = (b"S3CRET1", b"S3CRET2", b"S3CRET3", b"Zq8Lw2Nx5Vb7Mk3Jh9Gf4Dd6")


def test_sources_page_masks_secrets_under_any_parameter_name_and_in_the_path(client, web_settings):
    with session_scope(web_settings.db_url) as session:
        b.source(session, "unnamed-feed", "Unnamed Feed", url=UNNAMED_URL)
        b.source(session, "alerts-feed", "Alerts Feed", url=PATH_TOKEN_URL)
        b.crawl(session, "unnamed-feed", "failed", messages=[f"{UNNAMED_URL}: HTTP 403 Forbidden"])
        b.crawl(session, "alerts-feed", "failed", messages=[f"not a feed: {PATH_TOKEN_URL}"])
    body = client.get("/sources").content
    assert b"HTTP 403 Forbidden" in body and b"not a feed: " in body
    for secret in UNNAMED_SECRETS:
        assert secret not in body, secret
    assert b"https://feeds.example/f?authkey=***&amp;passkey=***&amp;hmac=***&amp;format=rss" in body
    assert b"https://alerts.example/alerts/feeds/123/***" in body
