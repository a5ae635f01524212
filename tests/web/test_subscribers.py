"""Unsubscribe (confirm page, form and RFC 8058 one-click) and preferences by the email token."""

from __future__ import annotations

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
    response = client.post(f"/preferences/{TOKEN}", data={
        "csrf_token": token, "active": "1", "categories": ["policy", "capital"],
        "watchlist": "Nvidia\n\nTSMC\nNvidia\n"})
    assert response.status_code == 200 and "Saved." in response.text
    saved = subscriber(web_settings)
    assert saved.categories == ["capital", "policy"] and saved.watchlist == ["Nvidia", "TSMC"] and saved.active


def test_preferences_reject_bad_values_and_missing_csrf(client, web_settings):
    token = csrf_of(client, f"/preferences/{TOKEN}")
    bad = client.post(f"/preferences/{TOKEN}", data={"csrf_token": token, "categories": ["gossip"]})
    assert bad.status_code == 400 and "unknown category" in bad.text
    assert client.post(f"/preferences/{TOKEN}", data={"categories": ["policy"]}).status_code == 403
    assert subscriber(web_settings).categories == ["security"]
