"""Admin sign-in, CSRF on forms, Bearer tokens, and the rate limit on run triggers."""

from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN_TOKEN, csrf_of, login


def test_run_now_asks_to_sign_in_and_post_is_refused_without_auth(client):
    page = client.get("/runs/new")
    assert "Sign in to start a run" in page.text and 'action="/runs"' not in page.text
    response = client.post("/runs", data={"day": "2026-01-14"})
    assert response.status_code == 401


def test_wrong_token_is_refused_and_right_one_signs_in(client):
    token = csrf_of(client, "/login")
    bad = client.post("/login", data={"token": "guess", "csrf_token": token})
    assert bad.status_code == 403 and "not right" in bad.text
    login(client)
    assert 'action="/runs"' in client.get("/runs/new").text


def test_login_without_csrf_token_is_refused(client):
    client.get("/login")
    response = client.post("/login", data={"token": ADMIN_TOKEN, "csrf_token": "forged"})
    assert response.status_code == 403
    assert "sd_session" not in response.cookies


def test_run_post_needs_csrf_even_when_signed_in(client):
    login(client)
    response = client.post("/runs", data={"day": "2026-01-14", "csrf_token": "forged"})
    assert response.status_code == 403


def test_forged_session_cookie_is_not_admin(client):
    client.cookies.set("sd_session", "admin:9999999999.bm90LWEtbWFj")
    assert client.post("/runs", data={"day": "2026-01-14"}).status_code == 401


def test_login_redirect_stays_on_this_site(client):
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"token": ADMIN_TOKEN, "csrf_token": token,
                                           "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"
    assert "httponly" in response.headers["set-cookie"].lower()


def test_bearer_token_starts_runs_without_csrf_and_is_rate_limited(client):
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    for _ in range(3):
        started = client.post("/runs", data={"day": "2026-01-14", "dry_run": "1"}, headers=auth,
                              follow_redirects=False)
        assert started.status_code == 303 and started.headers["location"].startswith("/runs/")
    limited = client.post("/runs", data={"day": "2026-01-14"}, headers=auth, follow_redirects=False)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    wrong = client.post("/runs", data={"day": "2026-01-14"}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


@pytest.mark.parametrize(("form", "field"), [({"day": "2026-02-30"}, "date:"), ({"day": ""}, "day:"),
                                             ({"day": "2026-01-14", "categories": "gossip"}, "category:")])
def test_bad_run_form_values_are_400(client, form, field):
    response = client.post("/runs", data=form, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code == 400 and field in response.text


def test_without_an_admin_token_run_now_explains_how_to_configure_it(web_settings, store, launcher):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = create_app(web_settings.model_copy(update={"admin_token": None}), launcher=launcher)
    with TestClient(app) as client:
        page = client.get("/runs/new")
        assert "SIGNALDESK_ADMIN_TOKEN" in page.text and 'action="/runs"' not in page.text
        refused = client.post("/runs", data={"day": "2026-01-14"}, headers={"Authorization": "Bearer "})
        assert refused.status_code == 403 and "SIGNALDESK_ADMIN_TOKEN" in refused.text
