"""Admin sign-in, CSRF on forms, Bearer tokens, and the rate limit on run triggers."""

from __future__ import annotations

import os
import subprocess
import sys

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
    response = client.post(
        "/login", data={"token": ADMIN_TOKEN, "csrf_token": token, "next": "//evil.example/"}, follow_redirects=False
    )
    assert response.headers["location"] == "/"
    assert "httponly" in response.headers["set-cookie"].lower()


def test_bearer_token_starts_runs_without_csrf_and_is_rate_limited(client):
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    for _ in range(3):
        started = client.post("/runs", data={"day": "2026-01-14", "dry_run": "1"}, headers=auth, follow_redirects=False)
        assert started.status_code == 303 and started.headers["location"].startswith("/runs/")
    limited = client.post("/runs", data={"day": "2026-01-14"}, headers=auth, follow_redirects=False)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    wrong = client.post("/runs", data={"day": "2026-01-14"}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"day": "2026-02-30"}, "date:"),
        ({"day": ""}, "day:"),
        ({"day": "2026-01-14", "categories": "gossip"}, "category:"),
    ],
)
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


def _throttled_app(web_settings, launcher, clock, **settings):
    from web.app import create_app
    from web.throttle import FailureThrottle

    throttle = FailureThrottle(free=5, base=2.0, cap=16.0, clock=lambda: clock[0])
    return create_app(web_settings.model_copy(update=settings), launcher=launcher, auth_throttle=throttle)


def _sign_in(client, token: str):
    csrf = csrf_of(client, "/login")
    return client.post("/login", data={"token": token, "csrf_token": csrf}, follow_redirects=False)


def test_wrong_tokens_meet_a_doubling_delay_on_the_form_and_bearer_alike(web_settings, store, launcher):
    from fastapi.testclient import TestClient

    clock = [1000.0]
    with TestClient(_throttled_app(web_settings, launcher, clock), base_url="http://archive.test") as client:
        assert [_sign_in(client, f"guess-{i}").status_code for i in range(5)] == [403] * 5
        refused = _sign_in(client, ADMIN_TOKEN)  # even the right token is not read during a lock-out
        assert refused.status_code == 429 and refused.headers["retry-after"] == "2"
        assert "sd_session" not in refused.cookies and "try again in 2 seconds" in refused.text
        bearer = client.get("/runs/new", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert bearer.status_code == 429 and bearer.headers["retry-after"] == "2"
        assert bearer.headers["content-security-policy"]
        waits = []
        for _ in range(4):
            clock[0] += int(waits[-1] if waits else 2)
            assert (
                client.post("/runs", data={"day": "2026-01-14"}, headers={"Authorization": "Bearer wrong"}).status_code
                == 401
            )
            waits.append(_sign_in(client, ADMIN_TOKEN).headers["retry-after"])
        assert waits == ["4", "8", "16", "16"]  # doubled per further failure, then capped
        clock[0] += 16
        assert _sign_in(client, ADMIN_TOKEN).status_code == 303
        assert _sign_in(client, "guess-after-success").status_code == 403  # the success forgot the failures


def test_a_forged_forwarded_for_neither_dodges_nor_resets_the_limit(web_settings, store, launcher):
    from fastapi.testclient import TestClient

    clock = [1000.0]
    app = _throttled_app(web_settings, launcher, clock)
    with TestClient(app, base_url="http://archive.test", client=("198.51.100.7", 4000)) as client:
        for i in range(5):
            forged = {"Authorization": "Bearer wrong", "X-Forwarded-For": f"203.0.113.{i}"}
            assert client.get("/runs/20260101-000000-abcdef", headers=forged).status_code == 401
        fresh = {"Authorization": f"Bearer {ADMIN_TOKEN}", "X-Forwarded-For": "192.0.2.200"}
        assert client.get("/runs/new", headers=fresh).status_code == 429


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(web_settings, store, launcher):
    from ipaddress import ip_network

    from fastapi.testclient import TestClient

    clock = [1000.0]
    app = _throttled_app(web_settings, launcher, clock, trusted_proxies=(ip_network("10.0.0.0/8"),))
    with TestClient(app, base_url="http://archive.test", client=("10.0.0.5", 4000)) as proxy:
        for i in range(5):
            # The attacker writes the left hops; the proxy appends the address it saw (203.0.113.9).
            forged = {"Authorization": "Bearer wrong", "X-Forwarded-For": f"192.0.2.{i}, 203.0.113.9"}
            assert proxy.get("/runs/new", headers=forged).status_code == 200
        again = {"Authorization": f"Bearer {ADMIN_TOKEN}", "X-Forwarded-For": "192.0.2.99, 203.0.113.9, 10.1.2.3"}
        assert proxy.get("/runs/new", headers=again).status_code == 429
        other = {"Authorization": f"Bearer {ADMIN_TOKEN}", "X-Forwarded-For": "203.0.113.10"}
        assert 'action="/runs"' in proxy.get("/runs/new", headers=other).text


@pytest.mark.parametrize("length", [1, 31])
def test_an_admin_token_under_32_characters_refuses_to_build_the_app(web_settings, launcher, length):
    from pydantic import SecretStr

    from core.errors import ConfigError
    from web.app import create_app

    with pytest.raises(ConfigError) as refused:
        create_app(web_settings.model_copy(update={"admin_token": SecretStr("Q" * length)}), launcher=launcher)
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_ADMIN_TOKEN:") and "\n" not in message
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message and "Q" * length not in message
    create_app(
        web_settings.model_copy(update={"admin_token": SecretStr("k3Jq9-vX_2mTzR8b" * 2 + "L")}), launcher=launcher
    )


@pytest.mark.parametrize(
    ("token", "says"),
    [
        ("a" * 32, "too few different characters"),
        (" " * 32, "whitespace"),
        ("password" * 4, "too few different characters"),
        ("Tr0ub4dor&3-xyz\tQwErTy!9876543210", "whitespace"),
        ("0123456789abcdef" * 2, "repeated"),
        ("k3Jq9-vX_2mT" * 3, "repeated"),
    ],
)
def test_an_admin_token_guessable_by_its_shape_is_refused_with_the_hint(token, says):
    from core.errors import ConfigError
    from web.security import require_strong_token

    with pytest.raises(ConfigError) as refused:
        require_strong_token(token)
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_ADMIN_TOKEN: ") and says in message and "\n" not in message
    assert "secrets.token_urlsafe(32)" in message and token not in message


def test_generated_tokens_pass_the_shape_check():
    import secrets

    from web.security import token_weakness

    # token_hex(16) has fewer than 8 different characters once in 3e7 draws: 20000 samples never hit it.
    samples = [secrets.token_urlsafe(32) for _ in range(2000)] + [secrets.token_hex(16) for _ in range(20000)]
    assert [token for token in samples if token_weakness(token)] == []


def test_serve_refuses_a_short_token_in_one_line_and_starts_nothing(tmp_path):
    # Its own process: stderr then holds only what this command wrote, not a log line some earlier test's
    # background thread (Prefect's log shipper) prints late. A server that did start would never exit: timeout.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNALDESK_")}
    env.update(SIGNALDESK_HOME=str(tmp_path / "home"), SIGNALDESK_ADMIN_TOKEN="short-token")
    done = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "SIGNALDESK_ADMIN_TOKEN" in done.stderr, done.stderr
    assert "secrets.token_urlsafe(32)" in done.stderr and "short-token" not in done.stderr


def _is_admin(client, cookie: str) -> bool:
    client.cookies.set("sd_session", cookie)
    status = client.get("/runs/20260101-000000-abcdef").status_code  # 404 for the admin, 401 for anyone else
    assert status in (401, 404)
    return status == 404


def test_logout_ends_the_session_for_a_replayed_cookie_and_in_another_app_instance(app, client, web_settings, launcher):
    from fastapi.testclient import TestClient

    from web.app import create_app

    login(client)
    cookie = client.cookies["sd_session"]
    other_app = create_app(web_settings, launcher=launcher)
    with TestClient(app) as replay, TestClient(other_app) as other:
        assert _is_admin(replay, cookie) and _is_admin(other, cookie)
        logout = client.post("/logout", data={"csrf_token": csrf_of(client, "/")}, follow_redirects=False)
        assert logout.status_code == 303
        assert not _is_admin(replay, cookie)
        assert not _is_admin(other, cookie)
    login(client)
    assert client.cookies["sd_session"] != cookie and _is_admin(client, client.cookies["sd_session"])
