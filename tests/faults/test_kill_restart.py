"""Fault 5: `signaldesk run` killed (SIGKILL, its whole process group: crawl processes and Prefect's server
too) while one source is still dripping its feed, then run again. Every item is stored exactly once, the day
has one briefing, and each subscriber has exactly one message in the outbox.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from sqlmodel import func, select

from models import Briefing, CrawlRun, Delivery, Document, session_scope
from models.db import ensure_schema
from pipeline.delivery.subscribers import add_subscriber
from tests.spiders.cases import RSS
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow
DAY = date(2025, 7, 24)
FEEDS = {
    "bleepingcomputer": "bleepingcomputer-feed-2025-07-24.xml",
    "securityweek": "securityweek-feed-2025-07-24.xml",
    "cisa": "cisa-cybersecurity-advisories-2025-07-24.xml",
}
READERS = ("ana@example.com", "bo@example.com")


def start_run(home, sources, *, fast: bool) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGNALDESK_", "PREFECT_API"))}
    # Prefect's embedded server can take a minute to start on a busy machine.
    env.update(
        SIGNALDESK_HOME=str(home),
        SIGNALDESK_ALLOW_PRIVATE_SOURCES="true",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="300",
    )
    if fast:
        env["SIGNALDESK_CRAWL_FAST"] = "1"
    # Its own session, so the kill takes the crawl processes and the embedded Prefect server with it.
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "run", "--date", DAY.isoformat(), "--sources", str(sources)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stored_sources(url: str) -> set[str]:
    try:
        with session_scope(url) as session:
            return set(session.exec(select(CrawlRun.source_key).where(CrawlRun.status == "ok")).all())
    except Exception:  # the schema may not be there yet while the run starts
        return set()


def wait_until(condition, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the run ended before the kill: {process.stdout.read()}"
        assert time.monotonic() < deadline, "the run never reached the point of the kill"
        time.sleep(0.2)


def finish(process: subprocess.Popen, seconds: float) -> str:
    """The run's output once it ends; a run still going after `seconds` is killed and the test fails."""
    try:
        return process.communicate(timeout=seconds)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out = process.communicate(timeout=60)[0]
        pytest.fail(f"the second run did not finish in {seconds:g}s (waiting for the day lock?): {out[-2000:]}")


def test_a_run_killed_mid_crawl_then_run_again_stores_and_sends_everything_once(tmp_path):
    home = tmp_path / "home"
    url = f"sqlite:///{home / 'signaldesk.db'}"
    ensure_schema(url)
    with session_scope(url) as session:
        for email in READERS:
            add_subscriber(session, email)
    with LoopbackServer() as server:
        routes = {key: Route(body=recorded(name).read_bytes(), content_type=RSS) for key, name in FEEDS.items()}
        routes["cisa"].drip = 0.5  # slow enough to be mid-download when the run dies
        server.routes.update({f"/{key}.xml": route for key, route in routes.items()})
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "".join(
                f'[[sources]]\nkey = "{k}"\nname = "{k}"\nkind = "feed"\nurl = "{server.url(f"/{k}.xml")}"\n\n'
                for k in FEEDS
            )
        )

        first = start_run(home, sources, fast=False)
        try:
            wait_until(
                lambda: stored_sources(url) >= {"bleepingcomputer", "securityweek"} and routes["cisa"].hits, first, 300
            )
        finally:
            if first.poll() is None:
                os.killpg(first.pid, signal.SIGKILL)
            first.communicate(timeout=60)
        assert first.returncode == -signal.SIGKILL
        with session_scope(url) as session:
            assert session.exec(select(func.count()).select_from(Briefing)).one() == 0, "killed before the brief"

        routes["cisa"].drip = 0.0  # the slow source has recovered
        second = start_run(home, sources, fast=True)
        out = finish(second, 300)
    assert second.returncode == 0, out

    with session_scope(url) as session:
        urls = session.exec(select(Document.canonical_url)).all()
        per_source = dict(session.exec(select(Document.source_key, func.count()).group_by(Document.source_key)).all())
        briefings = session.exec(select(func.count()).select_from(Briefing).where(Briefing.day == DAY)).one()
        sent = session.exec(select(func.count()).select_from(Delivery).where(Delivery.status == "sent")).one()
    assert len(urls) == len(set(urls)), "no article stored twice"
    assert per_source["bleepingcomputer"] == 12 and per_source["securityweek"] == 10 and per_source["cisa"] > 0
    assert briefings == 1 and sent == len(READERS)
    assert len(list((home / "outbox").rglob("*.eml"))) == len(READERS)
