"""Subscriber admin in the archive: behind the admin token, CSRF on every form, the CLI's rules and store."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from models.db import session_scope
from models.tables import Subscriber
from tests.web.conftest import ADMIN_TOKEN, csrf_of, login

PAGE = "/admin/subscribers"


def _stored(settings) -> dict[str, Subscriber]:
    with session_scope(settings.db_url) as session:
        return {s.email: s for s in session.exec(select(Subscriber))}


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_of(client, PAGE), **data})


def test_anonymous_readers_are_sent_to_sign_in_and_cannot_change_anything(client, web_settings):
    page = client.get(PAGE, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/login?next={PAGE}"
    assert client.get(f"{PAGE}/edit?email=cto@example.com", follow_redirects=False).status_code == 303
    token = csrf_of(client, "/login")
    for path, data in [
        (PAGE, {"email": "eve@example.com"}),
        (f"{PAGE}/status", {"email": "cto@example.com"}),
        (f"{PAGE}/remove", {"email": "cto@example.com"}),
        (f"{PAGE}/edit", {"email": "cto@example.com", "name": "Eve"}),
    ]:
        refused = client.post(path, data={"csrf_token": token, **data})
        assert refused.status_code == 403, path
    assert set(_stored(web_settings)) == {"cto@example.com"} and _stored(web_settings)["cto@example.com"].active
    assert 'href="/admin/subscribers"' not in client.get("/").text


def test_the_admin_adds_pauses_resumes_edits_and_removes(client, web_settings):
    login(client)
    assert 'href="/admin/subscribers"' in client.get("/").text
    added = _post(
        client,
        PAGE,
        email="Ana@Example.com",
        name="Ana\x1b[2J Müller",
        categories=["policy", "capital"],
        watchlist="TSMC\nNvidia\ntsmc\n",
    )
    assert added.status_code == 200 and "Subscribed ana@example.com" in added.text
    ana = _stored(web_settings)["ana@example.com"]
    assert (ana.name, ana.categories, ana.watchlist, ana.active) == (
        "Ana [2J Müller",
        ["capital", "policy"],
        ["TSMC", "Nvidia"],
        True,
    )

    assert "Paused ana@example.com" in _post(client, f"{PAGE}/status", email="ana@example.com", active="0").text
    assert not _stored(web_settings)["ana@example.com"].active
    assert "Resumed ana@example.com" in _post(client, f"{PAGE}/status", email="ana@example.com", active="1").text
    assert _stored(web_settings)["ana@example.com"].active

    form = client.get(f"{PAGE}/edit?email=ana%40example.com")
    assert form.status_code == 200 and "TSMC\nNvidia</textarea>" in form.text
    saved = _post(
        client, f"{PAGE}/edit", email="ana@example.com", name="Ana", categories=["security"], watchlist="ASML"
    )
    assert saved.status_code == 200 and "Saved ana@example.com" in saved.text
    ana = _stored(web_settings)["ana@example.com"]
    assert (ana.name, ana.categories, ana.watchlist) == ("Ana", ["security"], ["ASML"])

    assert "Removed ana@example.com" in _post(client, f"{PAGE}/remove", email="ana@example.com").text
    assert set(_stored(web_settings)) == {"cto@example.com"}


@pytest.mark.parametrize(
    "path, data, field",
    [
        (PAGE, {"email": "not-an-address"}, "email"),
        (PAGE, {"email": "eve@example.com", "name": "=?utf-8?b?DQpCY2M6IHhAZXZpbC5leGFtcGxl?="}, "name"),
        (PAGE, {"email": "eve@example.com", "categories": ["gossip"]}, "categories"),
        (f"{PAGE}/edit", {"email": "cto@example.com", "watchlist": "x" * 101}, "watchlist"),
    ],
)
def test_values_the_cli_refuses_are_a_400_naming_the_field(client, web_settings, path, data, field):
    login(client)
    response = _post(client, path, **data)
    assert response.status_code == 400 and re.search(rf'role="alert">{field}: ', response.text)
    assert f'value="{data["email"]}"' in response.text  # the form keeps what was typed
    stored = _stored(web_settings)
    assert set(stored) == {"cto@example.com"} and stored["cto@example.com"].watchlist == []


def test_a_signed_in_form_without_its_csrf_token_is_refused(client, web_settings):
    login(client)
    refused = client.post(f"{PAGE}/remove", data={"email": "cto@example.com"})
    assert refused.status_code == 403 and "cto@example.com" in _stored(web_settings)


def test_a_bearer_request_needs_no_csrf_token(client, web_settings):
    response = client.post(
        f"{PAGE}/status",
        data={"email": "cto@example.com", "active": "0"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert response.status_code == 200 and not _stored(web_settings)["cto@example.com"].active


def test_stored_markup_is_escaped_on_the_admin_pages(client, web_settings):
    with session_scope(web_settings.db_url) as session:
        session.add(
            Subscriber(
                email="eve@example.com",
                name='<script>alert("n")</script>',
                watchlist=["<img src=x onerror=alert(1)>"],
                token="e" * 40,
            )
        )
    login(client)
    for path in (PAGE, f"{PAGE}/edit?email=eve%40example.com"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&#34;n&#34;)&lt;/script&gt;" in text
