"""Hostile values in every parameter of every route: a clear 4xx with the security headers, never a 500.

Values are written percent-encoded into the raw query string, path or form, as a client would send them.
The store fixture runs each case on SQLite and on PostgreSQL (which refuses NUL in text). The three sweeps
guard every route; the tests after them pin the defects they found.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN_TOKEN, csrf_of
from web.security import HEADERS

HOSTILE = {
    "huge": "9" * 40,
    "huger": "9" * 400,
    "last page position": "99999999999999999_999999999999999999",
    "negative": "-1",
    "last day": "9999-12-31",
    "first day": "0001-01-01",
    "nul": "a%00b",
    "control": "%01",
    "lone surrogate": "%ED%A0%80",
    "non-character": "%EF%BF%BF",
    "long": "x" * 5000,
    "dots": "..%2F..%2Fetc",
    "quote": "%22%27%3C",
    "bad utf-8": "%C0%AE%FF",
    "newline": "a%0D%0Ab",
}
FILTERS = ("q", "category", "source", "org", "from", "to", "min_amount", "after", "limit")
LISTS = ("/signals", "/signals.csv", "/api/signals", "/feeds/search.atom", "/orgs/TSMC")
PATHS = (
    "/briefings/{}",
    "/api/briefings/{}",
    "/stories/{}",
    "/api/stories/{}",
    "/orgs/{}",
    "/feeds/category/{}.atom",
    "/runs/{}",
    "/unsubscribe/{}",
    "/preferences/{}",
    "/login?next={}",
    "/runs/new?{}=1",
    "/admin/subscribers/edit?email={}",
)
BEARER = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def assert_answered(response) -> None:
    assert response.status_code < 500, response.text[:300]
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_filters_of_every_list_answer_hostile_values(client, value):
    for path in LISTS:
        for name in FILTERS:
            assert_answered(client.get(f"{path}?{name}={value}"))


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_path_parameters_answer_hostile_values(client, value):
    for template in PATHS:
        assert_answered(client.get(template.format(value)))
        assert_answered(client.get(template.format(value), headers=BEARER))


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_forms_answer_hostile_values(client, value):
    for field in ("day", "categories", "sources", "dry_run"):
        form = {"day": "2026-01-14", field: value}
        assert_answered(client.post("/runs", content=_encoded(form), headers=BEARER | _FORM))
    token = csrf_of(client, "/login")
    for form in ({"token": value}, {"next": value}, {"csrf_token": value}):
        assert_answered(
            client.post("/login", content=_encoded({"csrf_token": token, "token": "x"} | form), headers=_FORM)
        )
    assert_answered(client.post("/logout", content=_encoded({"csrf_token": value}), headers=_FORM))
    assert_answered(client.post(f"/unsubscribe/{value}"))
    subscriber = "tok-" + "a" * 40
    token = csrf_of(client, f"/preferences/{subscriber}")
    for field in ("categories", "watchlist", "active"):
        form = {"csrf_token": token, field: value}
        assert_answered(client.post(f"/preferences/{subscriber}", content=_encoded(form), headers=_FORM))


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_subscriber_admin_forms_answer_hostile_values(client, value):
    forms = {
        "": ("email", "name", "categories", "watchlist"),
        "/status": ("email", "active"),
        "/remove": ("email",),
        "/edit": ("email", "name", "categories", "watchlist"),
    }
    for path, fields in forms.items():
        for field in fields:
            form = {"email": "new@example.com", field: value}
            assert_answered(client.post(f"/admin/subscribers{path}", content=_encoded(form), headers=BEARER | _FORM))


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _encoded(form: dict[str, str]) -> str:
    # Values are already percent-encoded (some deliberately invalid UTF-8), so they go on the wire as they are.
    return "&".join(f"{name}={value}" for name, value in form.items())


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ("to=9999-12-31", "to"),
        ("q=copper%00", "q"),
        ("org=Anthropic%00", "org"),
        ("org=%01", "org"),
        ("q=copper%EF%BF%BF", "q"),
    ],
)
def test_unusable_values_are_400_naming_the_parameter(client, params, field):
    page = client.get(f"/signals?{params}")
    assert page.status_code == 400 and f"{field}:" in page.text
    assert page.headers["content-type"].startswith("text/html")
    api = client.get(f"/api/signals?{params}")
    assert api.status_code == 400 and api.json()["field"] == field
    assert_answered(page)
    assert_answered(api)


@pytest.mark.parametrize("path", ["/stories/s-copper%00", "/api/stories/s%00", "/orgs/TSMC%00", "/unsubscribe/a%00"])
def test_nul_in_the_path_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400 and "path:" in response.text
    assert_answered(response)


def test_the_first_day_east_of_utc_is_a_400_naming_from(web_settings, store, launcher):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = create_app(web_settings.model_copy(update={"timezone": "Asia/Tokyo"}), launcher=launcher)
    with TestClient(app) as client:
        page = client.get("/signals?from=0001-01-01")
        assert page.status_code == 400 and "from: 0001-01-01 is out of range" in page.text
        assert client.get("/api/signals?from=0001-01-02").status_code == 200
        assert client.get("/api/signals?to=9999-12-30").status_code == 200


@pytest.mark.parametrize("path", ["/sources", "/api/signals"])
def test_an_unexpected_failure_is_a_500_with_the_security_headers(app, store, monkeypatch, path):
    from fastapi.testclient import TestClient

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("web.routes.sources.source_health", broken)
    monkeypatch.setattr("web.routes.api.search", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code == 500 and "boom" not in response.text
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    if path.startswith("/api/"):
        assert response.json() == {"detail": "Something went wrong on our side; it has been logged."}
    else:
        assert "Something went wrong" in response.text and response.headers["content-type"].startswith("text/html")
