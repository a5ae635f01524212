"""SQL for the signals list: filter clauses and the query shapes that drive from them.

Shapes, chosen by web.queries.planner on SQLite (PostgreSQL plans "time" itself, or "span"):
- "time": walk the published_at index newest first and test each document against the filters;
  cheap when the filters match often (big categories, common organizations).
- "set": read the small set of matching ids first (a rare word's FTS hits, an organization's mentions)
  into a MATERIALIZED CTE, then join and sort; cheap when that set is small.
- "member": read the same set, then walk the date index newest first and keep the documents in it;
  no document row is read to sort the set, only the date index (which holds the ids) and, for the
  members, the other filters. Cheap when the set is too big to sort by lookups but the hits come
  often enough that the walk ends soon (two common words).
- "window": walk the date index alone, in windows; each window's id range is looked up in the FTS
  index and only the window's hits are tested against the other filters (web.queries.signals), so a
  common word costs a window, not its whole doclist, and a mid one does not pay a filter test for
  every document walked past.
- "span" (PostgreSQL): read the search hits in the newest span of the date range through the text
  index as a set, widening the span until it holds a page; PostgreSQL would rather walk the date
  index and test every document's tsvector, a cost it prices far too low for sparse hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Integer, bindparam, text
from sqlalchemy.sql.elements import TextClause

from models.types import UTCDateTime
from web.queries.params import SignalQuery

_FTS_IN = "d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH :fts)"
_FTS_SET = "SELECT rowid FROM document_fts WHERE document_fts MATCH :fts"
_ORG_EXISTS = "EXISTS (SELECT 1 FROM mention m WHERE m.kind = 'org' AND m.canonical = :org AND m.document_id = d.id)"
_ORG_SET = "SELECT document_id FROM mention WHERE kind = 'org' AND canonical = :org"
_NEWEST = " ORDER BY d.published_at DESC, d.id DESC"
_ORDER = _NEWEST + " LIMIT :lim"


@dataclass(frozen=True)
class Plan:
    shape: str = "time"  # time | set | member | window | span; "plain" for plain_search
    fts: str | None = None  # "set" when the search hits drive the set
    org_in_set: bool = False  # the organization's mentions are part of the driving set
    index: str = "ix_document_published_at"
    span: float = 1.0  # "span": share of the store's date range read first
    costs: dict = field(default_factory=dict, compare=False)


def listing_sql(query: SignalQuery, plan: Plan, dialect: str) -> TextClause:
    """The id/published_at query for one page of a "time", "set" or "member" plan (limit + 1 rows, to
    know whether there is a next page)."""
    where, params = _filters(query, plan, dialect)
    params["lim"] = query.limit + 1
    condition = " AND ".join(where) or "1 = 1"
    if plan.shape == "set":
        sql = (
            f"{_hits(plan)} SELECT d.id, d.published_at FROM hits CROSS JOIN document d "
            f"WHERE d.id = hits.id AND {condition}{_ORDER}"
        )
    elif plan.shape == "member":
        # Membership first: it needs only the index entry, so a document outside the set costs no lookup.
        sql = (
            f"{_hits(plan)} SELECT d.id, d.published_at FROM document d INDEXED BY {plan.index} "
            f"WHERE d.id IN hits AND {condition}{_ORDER}"
        )
    else:
        hint = f" INDEXED BY {plan.index}" if dialect == "sqlite" else ""
        sql = f"SELECT d.id, d.published_at FROM document d{hint} WHERE {condition}{_ORDER}"
    return _bind(sql, params)


def _hits(plan: Plan) -> str:
    """The driving set of a "set" or "member" plan, as the CTE `hits`."""
    parts = ([_FTS_SET] if plan.fts == "set" else []) + ([_ORG_SET] if plan.org_in_set else [])
    return f"WITH hits(id) AS MATERIALIZED ({' INTERSECT '.join(parts)})"


def window_edge_sql(query: SignalQuery, plan: Plan, size: int) -> TextClause:
    """The last document of the next window of a "window" plan: `size` documents on from the cursor of
    `query`, newest first, on the date index alone. No row when fewer are left."""
    where, params = _walk(query, plan)
    params.update(lim=1, skip=size - 1)
    return _bind(
        f"SELECT d.id, d.published_at FROM document d INDEXED BY {plan.index} WHERE {where}{_ORDER} OFFSET :skip",
        params,
    )


def window_sql(query: SignalQuery, plan: Plan, edge) -> TextClause:
    """The search hits of one window, from the cursor of `query` down to `edge` (to the end when None),
    that pass the other filters, newest first.

    The FTS index is read for the window's id range only, and the filters are tested on those hits
    alone: testing them on every document walked past would cost a lookup for each, most of which the
    search then drops. The range can hold ids from outside the window, so the hits are bounded again.
    """
    where, params = _walk(query, plan)
    if edge:
        # First, so that SQLite bounds the walk by the edge rather than by the start of the date range.
        where = f"d.published_at >= :e_at AND (d.published_at > :e_at OR d.id >= :e_id) AND {where}"
        params.update(e_at=edge.published_at, e_id=edge.id)
    rest, rest_params = _filters(replace(query, search=None, since=None, until=None, after=None), Plan(), "sqlite")
    params.update(rest_params, fts=query.search.fts5())
    sql = (
        f"WITH span(lo, hi) AS MATERIALIZED (SELECT min(d.id), max(d.id) FROM document d INDEXED BY {plan.index} "
        f"WHERE {where}) SELECT d.id, d.published_at FROM span CROSS JOIN document_fts f CROSS JOIN document d "
        f"WHERE f.document_fts MATCH :fts AND f.rowid BETWEEN span.lo AND span.hi AND d.id = f.rowid "
        f"AND {where} AND {' AND '.join(rest)}{_NEWEST}"
    )
    return _bind(sql, params)


def span_sql(query: SignalQuery, edge) -> TextClause:
    """The page of a "span" plan among the documents published at or after `edge` (PostgreSQL).

    MATERIALIZED, so that PostgreSQL plans the span without the LIMIT: it then ANDs the text index
    with the date range instead of walking the date index and testing each document's tsvector.
    """
    where, params = _filters(query, Plan(), "postgresql")
    params.update(lim=query.limit + 1, e_at=edge)
    return _bind(
        f"WITH hits AS MATERIALIZED (SELECT d.id, d.published_at FROM document d "
        f"WHERE d.published_at >= :e_at AND {' AND '.join(where)}) SELECT d.id, d.published_at "
        f"FROM hits d{_ORDER}",
        params,
    )


def estimate_sql(query: SignalQuery) -> TextClause:
    """PostgreSQL's own estimate of the search's hits, from its statistics of the lexemes."""
    params: dict = {}
    where = _search_clause(query, Plan(), "postgresql", params)
    return text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM document d WHERE {where[0]}").bindparams(**params)


def _walk(query: SignalQuery, plan: Plan) -> tuple[str, dict]:
    """What a window walk can test on its index alone: the dates, and the source on the source index."""
    params: dict = {}
    where = _time_clauses(query, params)
    if plan.index == "ix_document_source_published":
        where.append("d.source_key IN :sources")
        params["sources"] = list(query.sources)
    return " AND ".join(where) or "1 = 1", params


def naive_sql(query: SignalQuery, dialect: str) -> TextClause:
    """The textbook join the planner avoids; kept for the benchmark's side-by-side ratio."""
    where, params = _filters(query, Plan(fts="naive"), dialect)
    params["lim"] = query.limit + 1
    join = " JOIN document_fts f ON f.rowid = d.id" if query.search and dialect == "sqlite" else ""
    sql = f"SELECT d.id, d.published_at FROM document d{join} WHERE {' AND '.join(where) or '1 = 1'}{_ORDER}"
    return _bind(sql, params)


def _filters(query: SignalQuery, plan: Plan, dialect: str) -> tuple[list[str], dict]:
    where: list[str] = []
    params: dict = {}
    if query.categories:
        where.append("EXISTS (SELECT 1 FROM signal s WHERE s.document_id = d.id AND s.category IN :cats)")
        params["cats"] = list(query.categories)
    else:
        where.append("EXISTS (SELECT 1 FROM signal s WHERE s.document_id = d.id)")
    if query.sources:
        where.append("d.source_key IN :sources")
        params["sources"] = list(query.sources)
    if query.search:
        where += _search_clause(query, plan, dialect, params)
    if query.org:
        params["org"] = query.org
        if not plan.org_in_set:
            where.append(_ORG_EXISTS)
    if query.min_amount:
        # Without statistics SQLite would pick the kind index and scan every amount for each document.
        hint = " INDEXED BY ix_mention_document_id" if dialect == "sqlite" else ""
        where.append(
            f"EXISTS (SELECT 1 FROM mention a{hint} WHERE a.document_id = d.id AND a.kind = 'amount' "
            "AND a.value >= :min_amount)"
        )
        params["min_amount"] = query.min_amount
    return where + _time_clauses(query, params), params


def _time_clauses(query: SignalQuery, params: dict) -> list[str]:
    # SQLite bounds an index range by the first of several bounds on a column, so the cursor, usually
    # the tighter upper bound on a later page, goes before the date range.
    where = []
    if query.after:
        # The first conjunct is an index range; the second breaks ties between equal timestamps.
        where.append("d.published_at <= :c_at AND (d.published_at < :c_at OR d.id < :c_id)")
        params.update(c_at=query.after.published_at, c_id=query.after.id)
    since, until = query.window()
    if since:
        where.append("d.published_at >= :since")
        params["since"] = since
    if until:
        where.append("d.published_at < :until")
        params["until"] = until
    return where


def _search_clause(query: SignalQuery, plan: Plan, dialect: str, params: dict) -> list[str]:
    if dialect != "sqlite":
        names = [f"t{i}" for i in range(len(query.search.units))]
        params.update(zip(names, query.search.phrases()))
        tsquery = " && ".join(f"websearch_to_tsquery('english', :{n})" for n in names)
        return [f"d.search_vector @@ ({tsquery})"]
    params["fts"] = query.search.fts5()
    if plan.fts == "naive":
        return ["document_fts MATCH :fts"]
    return [] if plan.fts == "set" else [_FTS_IN]


def _bind(sql: str, params: dict) -> TextClause:
    binds = [bindparam(k, type_=UTCDateTime()) for k in ("since", "until", "c_at", "e_at") if k in params]
    binds += [bindparam(k, expanding=True) for k in ("cats", "sources") if k in params]
    return text(sql).bindparams(*binds).bindparams(**params).columns(id=Integer, published_at=UTCDateTime)
