"""Every query shape the planner can choose returns the same page as the textbook query."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.db import session_scope
from web.queries import signals as signals_module
from web.queries.params import parse_signal_query
from web.queries.signal_sql import Plan, naive_sql
from web.queries.signals import list_signals
from web.queries.stats import count_store

QUERIES = [
    {"q": "copper"}, {"q": "ransomware", "category": ["security"]}, {"q": "ivanti", "category": ["security"]},
    {"q": '"copper supply"'}, {"q": "hospitals", "org": "LockBit", "limit": "4"}, {"org": "Freeport-McMoRan"},
    {"q": "ransomware", "since": "2025-12-05", "until": "2025-12-20", "limit": "3"},
    {"q": "copper", "source": ["ft-tech"]},
]
SHAPES = [Plan(shape="time"), Plan(shape="set", fts="set"), Plan(shape="window")]


def expected_ids(session, query):
    sql = naive_sql(query, session.get_bind().dialect.name)
    return [row.id for row in session.execute(sql)][: query.limit]


@pytest.mark.parametrize("raw", QUERIES, ids=lambda raw: "&".join(f"{k}={v}" for k, v in raw.items()))
def test_shapes_agree_with_the_textbook_query(web_settings, store, raw):
    query = parse_signal_query(**raw)
    with session_scope(web_settings.db_url) as session:
        expected = expected_ids(session, query)
        assert expected, "fixture should match something"
        if session.get_bind().dialect.name != "sqlite":
            assert [i.document_id for i in list_signals(session, query).items] == expected
            return
        counts = count_store(session)
        for plan in SHAPES:
            if plan.shape == "window" and not query.search:
                continue
            plan = replace(plan, fts=plan.fts if query.search else None, org_in_set=bool(query.org) and
                           plan.shape == "set")
            if plan.shape == "set" and not (query.search or query.org):
                continue
            got = [i.document_id for i in list_signals(session, query, counts, plan=plan).items]
            assert got == expected, plan
        assert [i.document_id for i in list_signals(session, query, counts).items] == expected


def test_windows_grow_until_the_page_is_full(web_settings, store, monkeypatch):
    monkeypatch.setattr(signals_module, "FIRST_WINDOW", 2)
    query = parse_signal_query(q="ransomware", limit="12")
    with session_scope(web_settings.db_url) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("windows are the SQLite FTS shape")
        page = list_signals(session, query, count_store(session), plan=Plan(shape="window"))
        assert [i.document_id for i in page.items] == expected_ids(session, query)
        assert page.next_cursor is not None
        rest = list_signals(session, replace(query, after=page.next_cursor, limit=100), plan=Plan(shape="window"))
        assert len(page.items) + len(rest.items) == 30 and rest.next_cursor is None


def test_fts_index_follows_inserts_updates_and_deletes(web_settings, store):
    from sqlmodel import select

    from models.tables import Document

    find = lambda s, q: [i.title for i in list_signals(s, parse_signal_query(q=q)).items]  # noqa: E731
    with session_scope(web_settings.db_url) as session:
        doc = session.exec(select(Document).where(Document.title.startswith("CISA warns"))).one()
        doc.body = "Now mentions zirconium instead."
        session.add(doc)
    with session_scope(web_settings.db_url) as session:
        assert find(session, "zirconium") == ["CISA warns of zero-day in Ivanti VPN appliances"]
        assert find(session, "CVE-2026-0001") == []
        session.delete(session.get(Document, doc.id))
    with session_scope(web_settings.db_url) as session:
        assert find(session, "zirconium") == []
