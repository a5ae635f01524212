"""Choose the signals-list query shape on SQLite from how many documents the filters match.

SQLite's planner cannot see inside the FTS index: the textbook join reads and sorts every hit of a
common word (hundreds of milliseconds at a million rows), while walking the date index waits forever
for a rare one. So we measure first, cheaply: a bounded probe counts a search's hits (or an
organization's mentions) up to PROBE_CAP. Few hits -> read them first ("set"); many -> walk the date
index in windows and test each window against the FTS index ("window"). In between, per-row costs
measured on the benchmark store (bench/bench_search.py, 1M documents) decide.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from web.queries.params import SignalQuery
from web.queries.signal_sql import Plan
from web.queries.stats import StoreCounts

PROBE_CAP = 20_000
C_SET = 10.0        # us per matching id: document lookup, filters, sort
C_SCAN = 8.0        # us per document walked newest-first with its category test
AMOUNT_SHARE = 0.2  # share of documents with an amount over the threshold: a guess, it is not counted

_FTS_PROBE = text("SELECT count(*) FROM (SELECT rowid FROM document_fts WHERE document_fts MATCH :fts LIMIT :cap)")
_ORG_PROBE = text("SELECT count(*) FROM (SELECT 1 FROM mention WHERE kind = 'org' AND canonical = :org LIMIT :cap)")


def choose_plan(session: Session, query: SignalQuery, counts: StoreCounts) -> Plan:
    n = max(counts.documents, 1)
    index = "ix_document_source_published" if len(query.sources) == 1 else "ix_document_published_at"
    hits = {}
    if query.search:
        hits["fts"] = session.execute(_FTS_PROBE, {"fts": query.search.fts5(), "cap": PROBE_CAP + 1}).scalar_one()
    if query.org:
        hits["org"] = session.execute(_ORG_PROBE, {"org": query.org, "cap": PROBE_CAP + 1}).scalar_one()
    walk = "window" if query.search else "time"
    if not hits:
        return Plan(shape=walk, index=index)
    smallest = min(hits.values())
    if smallest > PROBE_CAP:
        return Plan(shape=walk, index=index, costs={"hits": smallest})
    share = filter_share(query, counts, n) * min(1.0, smallest / n)
    costs = {"set": smallest * C_SET, walk: min(n, query.limit / max(share, 1 / n)) * C_SCAN, "hits": smallest}
    if costs["set"] <= costs[walk]:
        return Plan(shape="set", fts="set" if query.search else None, org_in_set=bool(query.org), index=index,
                    costs=costs)
    return Plan(shape=walk, index=index, costs=costs)


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
