"""A small archive built row by row (see builders.py), served by the real app on SQLite and PostgreSQL.

The headlines are invented for these tests (no third-party text); one carries a script payload on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.support import builders as b

ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghij"
FAKE_RUN = (sys.executable, str(Path(__file__).with_name("fake_run.py")))
SCRIPT_TITLE = '<script>alert("xss")</script><img src=x onerror=alert(1)> Exploit kit targets vendors'
EVIL_BRIEFING = (
    '<html><body><h1>Daily briefing</h1><p>Copper is tight.</p><script>alert("b")</script>'
    '<a href="javascript:alert(2)">bad link</a><a href="/stories/s-copper">Copper story</a></body></html>'
)


def fill_store(session) -> dict:
    """The fixture archive; returns the ids tests refer to."""
    copper = b.document(
        session,
        "Copper shortage threatens chip supply chain",
        day="2026-01-14",
        hour=10,
        summary="Smelters warn that copper supply for fabs is tight.",
        body="Freeport-McMoRan said copper cathode inventories fell.",
        categories=("infrastructure",),
        orgs=("Freeport-McMoRan",),
        evidence="Smelters warn that copper supply for fabs is tight.",
    )
    copper2 = b.document(
        session,
        "Chipmakers scramble for copper as prices jump",
        day="2026-01-14",
        hour=12,
        source="ft-tech",
        publication="Financial Times",
        categories=("infrastructure",),
        summary="Fabs bid up the price of copper.",
        orgs=("TSMC", "Freeport-McMoRan"),
    )
    b.document(
        session,
        "CISA warns of zero-day in Ivanti VPN appliances",
        day="2026-01-13",
        categories=("security",),
        orgs=("CISA", "Ivanti"),
        body="The flaw, CVE-2026-0001, is exploited.",
    )
    b.document(
        session,
        "Anthropic raises $13 billion at a $183 billion valuation",
        day="2026-01-12",
        categories=("capital", "demand"),
        orgs=("Anthropic",),
        amounts=(("$13 billion", 13e9, "USD", None, "raised"), ("$183 billion", 183e9, "USD", None, "valuation")),
    )
    b.document(
        session,
        "Seed round: Tiny Labs raises $2 million",
        day="2026-01-12",
        hour=8,
        categories=("capital",),
        orgs=("Tiny Labs",),
        amounts=(("$2 million", 2e6),),
        unknown_orgs=("Garage Ventures",),
    )
    b.document(
        session,
        "EU Commission opens antitrust probe into Microsoft Teams bundling",
        day="2026-01-11",
        categories=("policy",),
        orgs=("European Commission", "Microsoft"),
    )
    b.document(
        session,
        SCRIPT_TITLE,
        day="2026-01-15",
        hour=7,
        categories=("security",),
        orgs=("Acme Vendor",),
        summary='<b onmouseover="alert(3)">hover</b>',
    )
    b.document(session, "Review: the best laptops of 2026", day="2026-01-14", body="copper-coloured lids")
    for i in range(30):
        b.document(
            session,
            f"Ransomware wave {i} hits regional hospitals",
            day=f"2025-12-{i % 28 + 1:02d}",
            hour=i % 24,
            source="bleepingcomputer",
            publication="BleepingComputer",
            categories=("security",),
            orgs=("LockBit",),
        )
    _stories_and_the_rest(session, copper, copper2)
    return {"copper_id": copper.id}


def _stories_and_the_rest(session, copper, copper2) -> None:
    parent = b.story(
        session,
        "s-copper-early",
        "Copper prices climb on smelter outages",
        [],
        day="2026-01-10",
        categories=("infrastructure",),
    )
    b.story(
        session,
        "s-copper",
        "Copper shortage hits chip supply",
        [copper, copper2],
        day="2026-01-14",
        categories=("infrastructure",),
        parent=parent.id,
        summary="Two sources report tight copper supply.",
    )
    b.story(
        session,
        "s-copper-later",
        "Fabs secure copper contracts",
        [],
        day="2026-01-16",
        categories=("infrastructure",),
        parent="s-copper",
    )
    b.briefing(session, "2026-01-13", "<h1>Briefing of the 13th</h1><p>Quiet day.</p>")
    b.briefing(session, "2026-01-14", EVIL_BRIEFING)
    b.source(session, "reuters-tech", "Reuters Technology")
    b.source(session, "ft-tech", "FT Technology")
    b.source(session, "old-blog", "Old Blog", enabled=False)
    b.crawl(session, "reuters-tech", "ok", items=12)
    b.crawl(session, "ft-tech", "ok", day="2026-01-13", items=4)
    b.crawl(session, "ft-tech", "failed", day="2026-01-14", errors=1, messages=["HTTP 503 from feeds.example"])
    b.subscriber(session, "cto@example.com", "tok-" + "a" * 40, categories=["security"])


@pytest.fixture
def web_settings(settings):
    return settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN), "public_url": "http://archive.test"})


@pytest.fixture
def store(web_settings) -> dict:
    from models.db import session_scope

    with session_scope(web_settings.db_url) as session:
        return fill_store(session)


@pytest.fixture
def launcher(web_settings):
    from web.runs import EmbeddedLauncher

    return EmbeddedLauncher(web_settings.home / "runs", argv_prefix=FAKE_RUN)


@pytest.fixture
def app(web_settings, store, launcher):
    from web.app import create_app

    return create_app(web_settings, launcher=launcher)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://archive.test") as test_client:
        yield test_client


def csrf_of(client, path: str) -> str:
    """The CSRF token of the form on `path` (also sets the CSRF cookie in the client)."""
    import re

    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def login(client) -> None:
    token = csrf_of(client, "/login")
    response = client.post(
        "/login", data={"token": ADMIN_TOKEN, "csrf_token": token, "next": "/runs/new"}, follow_redirects=False
    )
    assert response.status_code == 303
