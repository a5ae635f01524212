"""The daily flow under Prefect: truthful states, coverage, idempotent re-runs, one run per date."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import func, select

from models import Briefing, CrawlRun, Delivery, Document, session_scope
from tests.flows.conftest import write_sources

pytestmark = pytest.mark.slow
DAY = date(2025, 7, 24)


def add_subscribers(db_url):
    from pipeline.delivery.subscribers import add_subscriber

    with session_scope(db_url) as session:
        add_subscriber(session, "all@example.com", name="All")
        add_subscriber(session, "sec@example.com", name="Sec", categories=["security"])


def counts(db_url):
    with session_scope(db_url) as session:
        return (
            session.exec(select(func.count()).select_from(Document)).one(),
            session.exec(select(func.count()).select_from(Briefing)).one(),
            session.exec(select(func.count()).select_from(Delivery).where(Delivery.status == "sent")).one(),
        )


def test_a_failing_source_completes_with_warnings_and_shows_in_coverage(
    prefect_harness, feed_server, flow_env, tmp_path, db_url
):
    from flows.daily import daily_briefing

    add_subscribers(db_url)
    sources = write_sources(tmp_path / "s.toml", feed_server, ["bleepingcomputer", "securityweek", "broken"])
    state = daily_briefing(date=DAY, sources=sources, return_state=True)
    assert state.is_completed()
    assert "completed with warnings" in state.message
    summary = state.result()
    assert summary["failed_sources"] == ["broken"]
    assert summary["stories"] > 0
    with session_scope(db_url) as session:
        briefing = session.exec(select(Briefing).where(Briefing.day == DAY)).one()
        failed_run = session.exec(select(CrawlRun).where(CrawlRun.source_key == "broken")).one()
    assert "broken" in [
        f if isinstance(f, str) else f.get("source_key") for f in briefing.content["coverage"]["sources_failed"]
    ]
    assert failed_run.status == "failed" and failed_run.messages
    outbox = sorted((flow_env / "outbox").rglob("*.eml"))
    assert len(outbox) == 2, "one message per subscriber"


def test_every_source_failing_fails_the_run(prefect_harness, feed_server, flow_env, tmp_path):
    from flows.daily import daily_briefing

    sources = write_sources(tmp_path / "s.toml", feed_server, ["broken"])
    state = daily_briefing(date=DAY, sources=sources, return_state=True)
    assert state.is_failed()
    assert "every source failed" in str(state.result(raise_on_failure=False))


def test_running_a_date_twice_updates_one_briefing_and_sends_nothing_twice(
    prefect_harness, feed_server, flow_env, tmp_path, db_url
):
    from flows.daily import daily_briefing

    add_subscribers(db_url)
    sources = write_sources(tmp_path / "s.toml", feed_server, ["bleepingcomputer", "securityweek"])
    assert daily_briefing(date=DAY, sources=sources, return_state=True).is_completed()
    first = counts(db_url)
    assert daily_briefing(date=DAY, sources=sources, return_state=True).is_completed()
    assert counts(db_url) == first
    assert first[1:] == (1, 2)


def test_two_runs_of_one_date_at_once_make_one_set_of_everything(
    prefect_harness, feed_server, flow_env, tmp_path, db_url
):
    from flows.daily import daily_briefing

    add_subscribers(db_url)
    sources = write_sources(tmp_path / "s.toml", feed_server, ["bleepingcomputer", "securityweek"])
    states = []
    threads = [
        threading.Thread(target=lambda: states.append(daily_briefing(date=DAY, sources=sources, return_state=True)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert len(states) == 2 and all(s.is_completed() for s in states), [s.message for s in states]
    docs, briefings, sent = counts(db_url)
    assert briefings == 1 and sent == 2
    with session_scope(db_url) as session:
        urls = session.exec(select(Document.canonical_url)).all()
    assert len(urls) == len(set(urls)) == docs
    assert len(sorted((flow_env / "outbox").rglob("*.eml"))) == 2
