"""Unsubscribe (confirm page, form and RFC 8058 one-click) and preferences by the email token."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlmodel import select

from models.db import session_scope
from models.tables import Subscriber
from tests.web.conftest import csrf_of

TOKEN = "tok-" + "a" * 40


def subscriber(settings) -> Subscriber:
    with session_scope(settings.db_url) as session:
        return session.exec(select(Subscriber)).one()


def test_get_shows_a_confirm_form_and_changes_nothing(client, web_settings):
    page = client.get(f"/unsubscribe/{TOKEN}")
    assert page.status_code == 200 and "cto@example.com" in page.text and 'method="post"' in page.text
    assert subscriber(web_settings).active


def test_one_click_post_unsubscribes(client, web_settings):
    response = client.post(f"/unsubscribe/{TOKEN}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.text
    assert not subscriber(web_settings).active


def test_unknown_token_is_404(client):
    assert client.get("/unsubscribe/nope").status_code == 404
    assert client.post("/unsubscribe/nope").status_code == 404
    assert client.get("/preferences/" + "x" * 300).status_code == 404


def test_preferences_save_categories_and_watchlist(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    response = client.post(
        f"/preferences/{TOKEN}",
        data={
            "csrf_token": token,
            "active": "1",
            "categories": ["policy", "capital"],
            "watchlist": "Nvidia\n\nTSMC\nNvidia\n",
        },
    )
    assert response.status_code == 200 and "Saved." in response.text
    saved = subscriber(web_settings)
    assert saved.categories == ["capital", "policy"] and saved.watchlist == ["Nvidia", "TSMC"] and saved.active


def test_preferences_reject_bad_values_and_missing_csrf(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    bad = client.post(f"/preferences/{TOKEN}", data={"csrf_token": token, "categories": ["gossip"]})
    assert bad.status_code == 400 and "unknown category" in bad.text
    assert client.post(f"/preferences/{TOKEN}", data={"categories": ["policy"]}).status_code == 403
    assert subscriber(web_settings).categories == ["security"]


@contextmanager
def _locked(settings):
    """Another connection holds the SQLite write lock; the app waits a moment for it, not 15 s, then fails."""
    import sqlite3

    from sqlalchemy import event

    from models.db import get_engine

    if not settings.db_url.startswith("sqlite"):
        pytest.skip("a SQLite file lock")
    engine = get_engine(settings.db_url)
    engine.dispose()
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA busy_timeout=300"))
    holder = sqlite3.connect(settings.db_url.split("///", 1)[1], timeout=1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _assert_not_claimed(response, claim: str) -> None:
    assert response.status_code == 503 and claim not in response.text
    assert "not saved" in response.text
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_unsubscribe_the_store_refuses_is_an_error_page_not_a_confirmation(client, web_settings):
    with _locked(web_settings):
        response = client.post(f"/unsubscribe/{TOKEN}", data={"List-Unsubscribe": "One-Click"})
    _assert_not_claimed(response, "You are unsubscribed")
    assert subscriber(web_settings).active


def test_preferences_the_store_refuses_are_an_error_page_and_unchanged(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    with _locked(web_settings):
        response = client.post(f"/preferences/{TOKEN}", data={"csrf_token": token, "categories": ["policy"]})
    _assert_not_claimed(response, "Saved.")
    saved = subscriber(web_settings)
    assert saved.active and saved.categories == ["security"]


def test_preferences_store_no_control_characters(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    response = client.post(
        f"/preferences/{TOKEN}",
        data={"csrf_token": token, "active": "1", "watchlist": "Nvidia\x1b[2J\nTSMC\x07\u2028\nnvidia\x1b[2J\n"},
    )
    assert response.status_code == 200 and "Saved." in response.text
    assert subscriber(web_settings).watchlist == ["Nvidia [2J", "TSMC"]


def test_an_encoded_word_in_the_watchlist_is_a_400_naming_the_field(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    response = client.post(
        f"/preferences/{TOKEN}",
        data={
            "csrf_token": token,
            "active": "1",
            "categories": ["policy"],
            "watchlist": "Nvidia\n=?utf-8?b?DQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
        },
    )
    assert response.status_code == 400 and "watchlist: " in response.text and "Saved." not in response.text
    assert subscriber(web_settings).watchlist == [] and subscriber(web_settings).categories == ["security"]
    # What was typed comes back, so only the named field needs fixing.
    assert '<textarea name="watchlist" rows="5">Nvidia\n=?utf-8?b?' in response.text
    assert 'value="policy" checked' in response.text and 'value="security" checked' not in response.text
