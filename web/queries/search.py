"""Search the archive: one page of the signals list for a query, newest first; the pages, feeds and API call it.

Two implementations give the same pages (tests/web/test_search.py):
- `plain_search`, the reference: one statement, the search's FTS5 MATCH (on PostgreSQL its tsvector test)
  joined with the filters, ORDER BY date, LIMIT (`naive_sql` in signal_sql.py).
- `search`, what runs: on SQLite a shape chosen by measured cost (planner.py), because SQLite cannot see
  inside the FTS index and the plain statement reads and sorts every hit of a common word; on PostgreSQL its
  own plan, or a "span" where it underprices a walk (shapes in signal_sql.py, run by signals.py).

What the planner buys, measured side by side by bench/bench_search.py (the query and the page's items) on
its 20,000-document store, 15 requests each, on 2 shared cores, p50 planned against plain: a stop word and a
category 2.3 ms against 73.5 ms (p95 23 against 138), a category alone 2.1 against 14.1, an organization and
a category 5.1 against 15.6; the other scenarios within noise (p95 ratios 0.7-2.0x). The plain statement
costs what it reads and sorts, which grows with the store; `make bench` prints both at 1,000,000 documents.
Issue 15 reworks search (query syntax, stemming): change `plain_search` first and the shapes to match.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from web.queries.params import SignalQuery
from web.queries.planner import choose_pg_plan, choose_plan
from web.queries.signal_sql import Plan, naive_sql
from web.queries.signals import SignalPage, page_of, plan_rows, without_stop_words
from web.queries.stats import StoreCounts

PLAIN = Plan(shape="plain")


def search(
    session: Session, query: SignalQuery, counts: StoreCounts | None = None, *, plan: Plan | None = None
) -> SignalPage:
    """One page for `query`, read the way the planner chooses from `counts`, or `plan` when given (tests)."""
    dialect = session.get_bind().dialect.name
    query = _searchable(session, query, dialect)
    if plan is None:
        plan = _choose(session, query, counts, dialect)
    return page_of(session, query, plan_rows(session, query, plan, dialect), plan)


def plain_search(session: Session, query: SignalQuery) -> SignalPage:
    """The same page as `search`, from the one textbook statement: the reference the planner must match."""
    dialect = session.get_bind().dialect.name
    query = _searchable(session, query, dialect)
    return page_of(session, query, session.execute(naive_sql(query, dialect)).all(), PLAIN)


def _searchable(session: Session, query: SignalQuery, dialect: str) -> SignalQuery:
    """The query as the store can answer it: PostgreSQL drops the stop words it would match nothing for."""
    return without_stop_words(session, query) if dialect == "postgresql" and query.search else query


def _choose(session: Session, query: SignalQuery, counts: StoreCounts | None, dialect: str) -> Plan:
    if not counts:
        return Plan()
    return choose_plan(session, query, counts) if dialect == "sqlite" else choose_pg_plan(session, query, counts)
