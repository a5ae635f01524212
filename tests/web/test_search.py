"""search() gives the pages of plain_search(), the one textbook statement, on a generated store.

The store is the benchmark's generator at a small size (common topic words, a long tail of rare words,
organizations, amounts, twelve sources over three years). Every query is compared with the planner's own
choice and with every shape it could choose, on its first page and on the page after it.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bench.store_builder import build_postgres_store, build_sqlite_store, rare_words
from models.db import get_engine, session_scope, upgrade
from tests.conftest import pg_schema
from web.queries.params import parse_signal_query
from web.queries.search import plain_search, search
from web.queries.signal_sql import Plan
from web.queries.stats import count_store

DOCS = 4_000
COMMON_QUERIES = [
    {},
    {"category": ["policy"]},
    {"q": "copper"},
    {"q": "copper", "category": ["capital"]},
    {"q": "nvidia", "category": ["security"]},
    {"q": "the", "category": ["policy"]},
    {"q": "copper nvidia"},
    {"q": '"data center"', "category": ["infrastructure"]},
    {"q": "copper", "since": "2025-06-01", "until": "2025-06-30"},
    {"org": "TSMC", "category": ["infrastructure"]},
    {"source": ["krebs"], "min_amount": "100M"},
    {"q": "ransomware", "source": ["krebs"]},
    {"q": "ransomware", "source": ["krebs", "ft-tech"], "limit": "5"},
    {"q": "zero-day", "org": "CISA"},
    {"q": "acquisition", "min_amount": "1B", "limit": "7"},
]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def generated(request, tmp_path_factory):
    """(URL, a word of the long tail) of the generated store on SQLite or on PostgreSQL."""
    if request.param == "sqlite":
        url = build_sqlite_store(tmp_path_factory.mktemp("search") / "store.db", DOCS)
        yield url, _rare_word(url)
        get_engine(url).dispose()
        return
    request.getfixturevalue("pg_available")
    with pg_schema("t_") as url:
        upgrade(url)
        build_postgres_store(url, DOCS)
        yield url, _rare_word(url)
        get_engine(url).dispose()


def _rare_word(url: str) -> str:
    with session_scope(url) as session:
        for word in rare_words(1000, random.Random(7))[200::37]:
            if 1 <= len(plain_search(session, parse_signal_query(q=word, limit="100")).items) <= 20:
                return word
    raise AssertionError("the generator's long tail has no word in 1-20 documents")


def _plans(session, query) -> list[Plan | None]:
    """None (the planner's choice) and every shape the planner could choose for this query here."""
    if session.get_bind().dialect.name != "sqlite":
        return [None, Plan(shape="span", span=1e-9), Plan(shape="span")]
    plans = [None, Plan(shape="time")]
    if query.search:
        plans.append(Plan(shape="window"))
    if query.search or query.org:
        driven = {"fts": "set" if query.search else None, "org_in_set": bool(query.org)}
        plans += [Plan(shape="set", **driven), Plan(shape="member", **driven)]
    return plans


def _queries(rare: str) -> list[dict]:
    return COMMON_QUERIES + [{"q": rare}, {"q": rare, "limit": "2"}, {"q": f"{rare} copper"}]


def test_search_returns_the_pages_of_the_plain_statement(generated):
    url, rare = generated
    compared = 0
    with session_scope(url) as session:
        counts = count_store(session)
        for raw in _queries(rare):
            first = parse_signal_query(**raw)
            expected = plain_search(session, first)
            assert expected.items, raw  # every query finds something: an empty page proves little
            pages = [(first, expected)]
            if expected.next_cursor:
                second = replace(first, after=expected.next_cursor)
                pages.append((second, plain_search(session, second)))
            for query, reference in pages:
                for plan in _plans(session, query):
                    got = search(session, query, counts, plan=plan)
                    assert (got.items, got.next_cursor) == (reference.items, reference.next_cursor), (raw, plan)
                    compared += 1
    assert compared > 3 * len(_queries(rare))


def test_the_planner_chooses_every_sqlite_shape_among_these_queries(generated):
    """So that the comparison above covers what the planner picks, not only the shapes it is made to use."""
    url, rare = generated
    with session_scope(url) as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("the shapes are chosen on SQLite")
        counts = count_store(session)
        chosen = {search(session, parse_signal_query(**raw), counts).plan.shape for raw in _queries(rare)}
    assert chosen == {"time", "set", "member", "window"}
