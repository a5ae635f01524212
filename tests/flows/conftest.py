"""Flow tests run against one temporary Prefect server for the whole test run (prefect_test_harness)."""

from __future__ import annotations

import pytest

from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

RSS = "application/rss+xml; charset=utf-8"
FEEDS = {
    "bleepingcomputer": "bleepingcomputer-feed-2025-07-24.xml",
    "securityweek": "securityweek-feed-2025-07-24.xml",
}


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def feed_server():
    """Two real security feeds of 2025-07-24 and one source that always fails."""
    with LoopbackServer() as server:
        for key, name in FEEDS.items():
            server.routes[f"/{key}.xml"] = Route(body=recorded(name).read_bytes(), content_type=RSS)
        server.routes["/broken.xml"] = Route(body=b"<html>maintenance</html>", content_type=RSS)
        yield server


def write_sources(path, server, keys) -> str:
    text = "\n".join(
        f'[[sources]]\nkey = "{k}"\nname = "{k}"\nkind = "feed"\nurl = "{server.url(f"/{k}.xml")}"\n' for k in keys
    )
    path.write_text(text)
    return str(path)


@pytest.fixture
def flow_env(tmp_path, monkeypatch, db_url):
    """The flow reads its settings at the edge, from the environment, like a deployment run would."""
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SIGNALDESK_DATABASE_URL", db_url)
    monkeypatch.setenv("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "true")
    monkeypatch.setenv("SIGNALDESK_CRAWL_FAST", "1")
    monkeypatch.delenv("SIGNALDESK_SMTP_URL", raising=False)
    return tmp_path / "home"
