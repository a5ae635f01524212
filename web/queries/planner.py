"""Choose the signals-list query shape on SQLite from how many documents the filters match.

SQLite's planner cannot see inside the FTS index: the textbook join reads and sorts every hit of a
common word (hundreds of milliseconds at a million rows), while walking the date index waits forever
for a rare one. So we measure first, cheaply: a bounded probe counts a search's hits (or an
organization's mentions). Few hits -> read them first ("set"); many -> walk the date index in windows,
test each window against the FTS index and only its hits against the other filters ("window"). In
between, per-row costs measured on the benchmark store (bench/bench_search.py, 1M documents) decide,
including "member": read the set, but walk the date index to order it instead of looking every hit up.

A probe stops where walking starts to win (probe_cap): counting further would only confirm it, and
counting all of a mid-frequency word's hits costs more than the windows that then serve its page.
"""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.orm import Session

from web.queries.params import SignalQuery
from web.queries.signal_sql import Plan, estimate_sql
from web.queries.stats import StoreCounts

PROBE_CAP = 20_000
C_SET = 6.0  # us per matching id: document lookup, filters, sort
C_SCAN = 8.0  # us per document walked newest-first with its category test ("time")
C_WINDOW = 1.0  # us per document walked in windows, FTS range and the filters of its hits included
C_MEMBER = 0.15  # us per document walked on the date index alone, testing membership in the set
# PostgreSQL ("span"), measured on the same store.
C_PG_WALK = 1.7  # us per document walked newest first, its tsvector tested
C_PG_TEXT = 8000.0  # us to read a search's hits from the text index (two common words)
C_PG_DATE = 0.15  # us per document of the span read from the date index
C_PG_HIT = 5.0  # us per hit read from the table and sorted
SPAN_MARGIN = 2.0  # the first span should hold this many pages of hits, so that it rarely needs widening
AMOUNT_SHARE = 0.2  # share of documents with an amount over the threshold: a guess, it is not counted

_FTS_PROBE = text("SELECT count(*) FROM (SELECT rowid FROM document_fts WHERE document_fts MATCH :fts LIMIT :cap)")
_ORG_PROBE = text("SELECT count(*) FROM (SELECT 1 FROM mention WHERE kind = 'org' AND canonical = :org LIMIT :cap)")


def choose_plan(session: Session, query: SignalQuery, counts: StoreCounts) -> Plan:
    n = max(counts.documents, 1)
    index = "ix_document_source_published" if len(query.sources) == 1 else "ix_document_published_at"
    walk, c_walk = ("window", C_WINDOW) if query.search else ("time", C_SCAN)
    cap = probe_cap(query, counts, n, c_walk)
    hits = {}
    if query.search:
        hits["fts"] = _probe(session, _FTS_PROBE, {"fts": query.search.fts5()}, cap)
    if query.org:
        hits["org"] = _probe(session, _ORG_PROBE, {"org": query.org}, cap)
    smallest = min(hits.values(), default=math.inf)
    if smallest == math.inf:
        return Plan(shape=walk, index=index)
    share = filter_share(query, counts, n) * min(1.0, smallest / n)
    walked = min(n, query.limit / max(share, 1 / n))
    costs = {"set": smallest * C_SET, "member": walked * C_MEMBER, walk: walked * c_walk, "hits": smallest}
    shape = min(("set", "member", walk), key=costs.get)
    if shape == walk:
        return Plan(shape=walk, index=index, costs=costs)
    return Plan(shape=shape, fts="set" if query.search else None, org_in_set=bool(query.org), index=index, costs=costs)


def choose_pg_plan(session: Session, query: SignalQuery, counts: StoreCounts) -> Plan:
    """On PostgreSQL: "span" when the walk PostgreSQL would choose tests many documents per hit.

    Its own estimate of the hits is good; what it gets wrong is the cost of testing a tsvector, so
    it walks the date index past thousands of documents (two common words) where reading the hits
    of a span of dates through the text index costs half as much.
    """
    if not query.search or any(len(unit) > 1 for unit in query.search.units):
        # The text index holds no positions: a phrase's hits would be read by rechecking every
        # document holding its words, far more than the hits themselves.
        return Plan()
    n = max(counts.documents, 1)
    hits = session.execute(estimate_sql(query)).scalar_one()[0]["Plan"]["Plan Rows"]
    share = filter_share(query, counts, n) * min(1.0, max(hits, 1) / n)
    walked = query.limit / share
    span = SPAN_MARGIN * walked
    costs = {"time": walked * C_PG_WALK, "set": C_PG_TEXT + hits * C_PG_HIT, "span": C_PG_TEXT + span * C_PG_DATE}
    if span >= n or min(costs, key=costs.get) != "span":
        return Plan(costs=costs)  # a short walk, or few hits: PostgreSQL plans either well itself
    return Plan(shape="span", span=span / n, costs=costs)


def probe_cap(query: SignalQuery, counts: StoreCounts, n: int, c_walk: float) -> int:
    """The hit count above which walking costs less than reading the set, whatever the exact count.

    Set: hits * C_SET. Walk: limit / (share * hits / n) documents, * c_walk. They are equal at
    hits = sqrt(c_walk * limit * n / (share * C_SET)).
    """
    share = max(filter_share(query, counts, n), 1 / n)
    return min(PROBE_CAP, math.ceil(math.sqrt(c_walk * query.limit * n / (share * C_SET))))


def _probe(session: Session, sql, params: dict, cap: int) -> float:
    """How many rows `sql` counts, or infinity when more than cap."""
    found = session.execute(sql, {**params, "cap": cap + 1}).scalar_one()
    return math.inf if found > cap else found


def filter_share(query: SignalQuery, counts: StoreCounts, n: int) -> float:
    """Share of documents passing the category, source and amount filters (independence assumed)."""
    if query.categories:
        share = sum(counts.by_category.get(c, 0) for c in query.categories) / n
    else:
        share = counts.tagged / n
    if query.sources:
        share *= sum(counts.by_source.get(s, 0) for s in query.sources) / n
    if query.min_amount:
        share *= AMOUNT_SHARE
    return min(1.0, share)
