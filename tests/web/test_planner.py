"""Every query shape the planner can choose returns the same page as the textbook query (plain_search)."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import pytest

from models.db import session_scope
from tests.support import builders as b
from web.queries import planner
from web.queries import signals as signals_module
from web.queries.params import parse_signal_query
from web.queries.planner import C_WINDOW, PROBE_CAP, choose_pg_plan, choose_plan, probe_cap
from web.queries.search import plain_search, search
from web.queries.signal_sql import Plan
from web.queries.stats import StoreCounts, count_store

QUERIES = [
    {"q": "copper"},
    {"q": "ransomware", "category": ["security"]},
    {"q": "ivanti", "category": ["security"]},
    {"q": '"copper supply"'},
    {"q": "hospitals", "org": "LockBit", "limit": "4"},
    {"org": "Freeport-McMoRan"},
    {"q": "ransomware", "since": "2025-12-05", "until": "2025-12-20", "limit": "3"},
    {"q": "copper", "source": ["ft-tech"]},
    {"q": "copper", "source": ["ft-tech", "reuters-tech"]},
    {"q": "raises", "min_amount": "1B"},
    {"q": "hospitals", "org": "LockBit", "category": ["security"]},
]
MILLION = StoreCounts(documents=1_000_000, tagged=800_000, by_category={}, by_source={})
SHAPES = [Plan(shape="time"), Plan(shape="set", fts="set"), Plan(shape="member", fts="set"), Plan(shape="window")]


def expected_ids(session, query):
    """The page of the plain path, the one textbook statement."""
    return [item.document_id for item in plain_search(session, query).items]


@pytest.mark.parametrize("raw", QUERIES, ids=lambda raw: "&".join(f"{k}={v}" for k, v in raw.items()))
def test_shapes_agree_with_the_textbook_query(web_settings, store, raw):
    query = parse_signal_query(**raw)
    with session_scope(web_settings.db_url) as session:
        expected = expected_ids(session, query)
        assert expected, "fixture should match something"
        counts = count_store(session)
        if session.get_bind().dialect.name != "sqlite":
            # A narrow span is widened several times before it holds the page; the narrowest rounds to
            # no width at all.
            for plan in (None, Plan(shape="span", span=1e-9), Plan(shape="span", span=1e-30), Plan(shape="span")):
                got = [i.document_id for i in search(session, query, counts, plan=plan).items]
                assert got == expected, plan
            return
        for plan in SHAPES:
            if plan.shape == "window" and not query.search:
                continue
            driven = plan.shape in ("set", "member")
            plan = replace(plan, fts=plan.fts if query.search else None, org_in_set=bool(query.org) and driven)
            if driven and not (query.search or query.org):
                continue
            got = [i.document_id for i in search(session, query, counts, plan=plan).items]
            assert got == expected, plan
        assert [i.document_id for i in search(session, query, counts).items] == expected


def test_windows_grow_until_the_page_is_full(web_settings, store, monkeypatch):
    monkeypatch.setattr(signals_module, "FIRST_WINDOW", 2)
    query = parse_signal_query(q="ransomware", limit="12")
    with session_scope(web_settings.db_url) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("windows are the SQLite FTS shape")
        page = search(session, query, count_store(session), plan=Plan(shape="window"))
        assert [i.document_id for i in page.items] == expected_ids(session, query)
        assert page.next_cursor is not None
        rest = search(session, replace(query, after=page.next_cursor, limit=100), plan=Plan(shape="window"))
        assert len(page.items) + len(rest.items) == 30 and rest.next_cursor is None


def test_windows_split_documents_of_the_same_instant_exactly_once(web_settings, store, monkeypatch):
    # Window edges fall inside a run of equal timestamps: the id breaks the tie on both sides of an edge.
    monkeypatch.setattr(signals_module, "FIRST_WINDOW", 2)
    with session_scope(web_settings.db_url) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("windows are the SQLite FTS shape")
        for i in range(9):
            b.document(
                session, f"Zinc smelter {i} halts output", day="2026-01-05", categories=("security",) if i % 3 else ()
            )
    query = parse_signal_query(q="zinc", category=["security"], limit="2")
    with session_scope(web_settings.db_url) as session:
        expected = expected_ids(session, replace(query, limit=100))
        seen, page = [], None
        while page is None or page.next_cursor:
            current = replace(query, after=page.next_cursor) if page else query
            page = search(session, current, plan=Plan(shape="window"))
            seen += [i.document_id for i in page.items]
        assert len(expected) == 6 and seen == expected


def test_spans_page_through_every_hit_exactly_once(web_settings, store):
    query = parse_signal_query(q="ransomware", limit="7")
    with session_scope(web_settings.db_url) as session:
        if session.get_bind().dialect.name == "sqlite":
            pytest.skip("spans are the PostgreSQL shape")
        expected = expected_ids(session, replace(query, limit=100))
        seen, page = [], None
        while page is None or page.next_cursor:
            current = replace(query, after=page.next_cursor) if page else query
            page = search(session, current, plan=Plan(shape="span", span=1e-9))
            seen += [i.document_id for i in page.items]
        assert len(expected) > 7 and seen == expected


class Estimating:
    """A session whose EXPLAIN answers that the search matches `rows` documents."""

    def __init__(self, rows: int):
        self.rows = rows

    def execute(self, sql):
        return SimpleNamespace(scalar_one=lambda: [{"Plan": {"Plan Rows": self.rows}}])


@pytest.mark.parametrize(
    ("q", "rows", "shape"),
    [
        ("copper nvidia", 2_000, "span"),  # one document in 400 a hit: a long walk
        ("nvidia", 30_000, "time"),  # a hit every 30 documents: the walk ends soon
        ("rinmirrin", 20, "time"),  # the span would be the whole store: PostgreSQL reads the hits
        ("rinmirrin", 500, "time"),  # reading 500 hits costs less than a span of 125,000 documents
        ('"data center"', 2_000, "time"),  # a phrase's hits cannot be read from the text index alone
    ],
)
def test_postgres_reads_a_span_when_the_walk_would_be_long(q, rows, shape):
    assert choose_pg_plan(Estimating(rows), parse_signal_query(q=q), MILLION).shape == shape


def test_probe_stops_sooner_the_wider_the_filters():
    counts = StoreCounts(
        documents=1_000_000,
        tagged=800_000,
        by_category={"security": 230_000, "policy": 20_000},
        by_source={"krebs": 80_000},
    )
    cap = lambda **raw: probe_cap(parse_signal_query(q="nvidia", **raw), counts, 1_000_000, C_WINDOW)  # noqa: E731
    assert cap() < cap(category=["security"]) < cap(category=["policy"]) < PROBE_CAP
    assert cap(category=["policy"], source=["krebs"], min_amount="1B") == PROBE_CAP


def test_plan_reads_few_hits_first_and_walks_past_many(web_settings, store):
    with session_scope(web_settings.db_url) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("the planner chooses shapes on SQLite")
        counts = count_store(session)
        many = parse_signal_query(q="ransomware")
        assert len(search(session, replace(many, limit=100)).items) > probe_cap(
            many, counts, counts.documents, C_WINDOW
        )
        assert choose_plan(session, many, counts).shape == "window"
        # On a store this small, walking all of it costs less than looking a handful of hits up ("member").
        assert choose_plan(session, parse_signal_query(q="ivanti"), MILLION).shape == "set"


@pytest.mark.parametrize(("hits", "shape"), [(20, "set"), (2_000, "member"), (math.inf, "window")])
def test_plan_sorts_a_set_by_walking_when_its_hits_come_often(monkeypatch, hits, shape):
    # Two common words on the benchmark store: ~2,000 hits, too many to look each up and sort, but one
    # document in 500 is a hit, so walking the date index for a page's worth of them ends soon.
    monkeypatch.setattr(planner, "_probe", lambda session, sql, params, cap: hits)
    assert choose_plan(None, parse_signal_query(q="copper nvidia"), MILLION).shape == shape


def test_fts_index_follows_inserts_updates_and_deletes(web_settings, store):
    from sqlmodel import select

    from models.tables import Document

    find = lambda s, q: [i.title for i in search(s, parse_signal_query(q=q)).items]  # noqa: E731
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
