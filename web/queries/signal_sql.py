"""SQL for the signals list: filter clauses and the query shapes that drive from them.

Shapes, chosen by web.queries.planner on SQLite (PostgreSQL plans "time" itself):
- "time": walk the published_at index newest first and test each document against the filters;
  cheap when the filters match often (big categories, common organizations).
- "set": read the small set of matching ids first (a rare word's FTS hits, an organization's mentions)
  into a MATERIALIZED CTE, then join and sort; cheap when that set is small.
- "window": "time" without the search, in windows; each window's id range is then looked up in the
  FTS index (web.queries.signals), so a common word costs a window, not its whole doclist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, bindparam, text
from sqlalchemy.sql.elements import TextClause

from models.types import UTCDateTime
from web.queries.params import SignalQuery

_FTS_IN = "d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH :fts)"
_FTS_SET = "SELECT rowid FROM document_fts WHERE document_fts MATCH :fts"
_ORG_EXISTS = ("EXISTS (SELECT 1 FROM mention m WHERE m.kind = 'org' AND m.canonical = :org "
               "AND m.document_id = d.id)")
_ORG_SET = "SELECT document_id FROM mention WHERE kind = 'org' AND canonical = :org"
_ORDER = " ORDER BY d.published_at DESC, d.id DESC LIMIT :lim"


@dataclass(frozen=True)
class Plan:
    shape: str = "time"                 # time | set | window
    fts: str | None = None              # "set" when the search hits drive the set
    org_in_set: bool = False            # the organization's mentions are part of the driving set
    index: str = "ix_document_published_at"
    costs: dict = field(default_factory=dict, compare=False)


def listing_sql(query: SignalQuery, plan: Plan, dialect: str, *, limit: int | None = None,
                typed: bool = True) -> TextClause:
    """The id/published_at query for one page (limit + 1 rows, to know whether there is a next page).

    In a "window" plan the search is left out here and applied per window by the caller, which asks
    for untyped rows: parsing thousands of timestamps it throws away would cost more than the query.
    """
    where, params = _filters(query, plan, dialect)
    params["lim"] = limit or query.limit + 1
    condition = " AND ".join(where) or "1 = 1"
    if plan.shape == "set":
        parts = ([_FTS_SET] if plan.fts == "set" else []) + ([_ORG_SET] if plan.org_in_set else [])
        sql = (f"WITH hits(id) AS MATERIALIZED ({' INTERSECT '.join(parts)}) "
               f"SELECT d.id, d.published_at FROM hits CROSS JOIN document d "
               f"WHERE d.id = hits.id AND {condition}{_ORDER}")
    else:
        hint = f" INDEXED BY {plan.index}" if dialect == "sqlite" else ""
        sql = f"SELECT d.id, d.published_at FROM document d{hint} WHERE {condition}{_ORDER}"
    return _bind(sql, params, typed=typed)


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
        where.append(f"EXISTS (SELECT 1 FROM mention a{hint} WHERE a.document_id = d.id AND a.kind = 'amount' "
                     "AND a.value >= :min_amount)")
        params["min_amount"] = query.min_amount
    return where + _time_clauses(query, params), params


def _time_clauses(query: SignalQuery, params: dict) -> list[str]:
    where = []
    since, until = query.window()
    if since:
        where.append("d.published_at >= :since")
        params["since"] = since
    if until:
        where.append("d.published_at < :until")
        params["until"] = until
    if query.after:
        # The first conjunct is an index range; the second breaks ties between equal timestamps.
        where.append("d.published_at <= :c_at AND (d.published_at < :c_at OR d.id < :c_id)")
        params.update(c_at=query.after.published_at, c_id=query.after.id)
    return where


def _search_clause(query: SignalQuery, plan: Plan, dialect: str, params: dict) -> list[str]:
    if dialect != "sqlite":
        names = [f"t{i}" for i in range(len(query.search.units))]
        params.update(zip(names, query.search.phrases()))
        tsquery = " && ".join(f"websearch_to_tsquery('english', :{n})" for n in names)
        return [f"d.search_vector @@ ({tsquery})"]
    if plan.shape == "window":
        return []
    params["fts"] = query.search.fts5()
    if plan.fts == "naive":
        return ["document_fts MATCH :fts"]
    return [] if plan.fts == "set" else [_FTS_IN]


def _bind(sql: str, params: dict, *, typed: bool = True) -> TextClause:
    binds = [bindparam(k, type_=UTCDateTime()) for k in ("since", "until", "c_at") if k in params]
    binds += [bindparam(k, expanding=True) for k in ("cats", "sources") if k in params]
    clause = text(sql).bindparams(*binds).bindparams(**params)
    return clause.columns(id=Integer, published_at=UTCDateTime) if typed else clause.columns(id=Integer)
