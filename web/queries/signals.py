"""The signals list: one page of tagged documents, newest first, with their tags and entities.

search.py is the interface; this module reads a page's rows the way a plan says (the shapes of
signal_sql.py, some in several steps) and loads the page's items, for the planned and the plain path alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, text
from sqlalchemy.orm import Session

from core.amount_roles import with_role
from models.types import UTCDateTime
from web.queries.params import Cursor, SignalQuery
from web.queries.signal_sql import Plan, listing_sql, span_sql, window_edge_sql, window_sql


@dataclass
class SignalItem:
    document_id: int
    title: str
    summary: str
    url: str
    publication: str | None
    source_key: str
    published_at: datetime
    categories: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    story_id: str | None = None
    known_orgs: set[str] = field(default_factory=set)  # canonical names: the ones an /orgs page can find


@dataclass
class SignalPage:
    items: list[SignalItem]
    next_cursor: Cursor | None
    plan: Plan


def plan_rows(session: Session, query: SignalQuery, plan: Plan, dialect: str) -> list[Row]:
    """Up to limit + 1 (id, published_at) rows for `query`, newest first, read the way `plan` says."""
    if plan.shape == "window":
        return _windowed(session, query, plan)
    if plan.shape == "span":
        return _spanned(session, query, plan)
    return session.execute(listing_sql(query, plan, dialect)).all()


def page_of(session: Session, query: SignalQuery, rows: list[Row], plan: Plan) -> SignalPage:
    """The page of the first `query.limit` rows, with a cursor when a row is left over."""
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    items = load_items(session, [row.id for row in rows])
    next_cursor = Cursor(rows[-1].published_at, rows[-1].id) if more and rows else None
    return SignalPage(items=items, next_cursor=next_cursor, plan=plan)


_LEXEMES = text("SELECT numnode(websearch_to_tsquery('english', :phrase))")


def without_stop_words(session: Session, query: SignalQuery) -> SignalQuery:
    """Drop units PostgreSQL reduces to nothing ("the", "at t"): an empty tsquery matches no row, so it
    would turn "the copper" into no results after a full scan. SQLite keeps stop words, and so matches
    them almost everywhere; dropping them here gives PostgreSQL nearly the same answer."""
    search = query.search
    keep = [
        i for i, phrase in enumerate(search.phrases()) if session.execute(_LEXEMES, {"phrase": phrase}).scalar_one() > 0
    ]
    if len(keep) == len(search.units):
        return query
    if not keep:
        return replace(query, search=None)
    return replace(
        query,
        search=replace(search, units=tuple(search.units[i] for i in keep), texts=tuple(search.texts[i] for i in keep)),
    )


FIRST_WINDOW = 256
MAX_WINDOW = 65_536


def _windowed(session: Session, query: SignalQuery, plan: Plan) -> list[Row]:
    """Walk the date index in windows and keep each window's search hits that pass the other filters.

    Each window is sized from the hit rate seen so far, so a word in most documents costs one small
    window and a word in 1% of them a few larger ones.
    """
    wanted, found, scanned, cursor_query, window = query.limit + 1, [], 0, query, FIRST_WINDOW
    while True:
        edge = session.execute(window_edge_sql(cursor_query, plan, window)).first()
        found += session.execute(window_sql(cursor_query, plan, edge)).all()
        scanned += window
        if len(found) >= wanted or edge is None:
            break
        rate = len(found) / scanned
        need = (wanted - len(found)) / rate * 1.5 if rate else window * 4
        window = int(min(MAX_WINDOW, max(FIRST_WINDOW, need)))
        cursor_query = replace(cursor_query, after=Cursor(edge.published_at, edge.id))
    return found[:wanted]


_DATES = text("SELECT min(published_at) AS first, max(published_at) AS last FROM document").columns(
    first=UTCDateTime, last=UTCDateTime
)
SPAN_GROWTH = 4


def _spanned(session: Session, query: SignalQuery, plan: Plan) -> list[Row]:
    """Read the hits of ever wider spans of dates, back from the newest the query allows, until one
    holds a page: every hit it leaves out is older than all of the page's.

    The first span is a share of the store's date range, as if documents came at a steady rate.
    """
    dates = session.execute(_DATES).one()
    if dates.first is None:
        return []
    since, until = query.window()
    top = min(t for t in (dates.last, until, query.after and query.after.published_at) if t)
    bottom = max(t for t in (dates.first, since) if t)
    # At least a microsecond, so that widening always makes progress.
    width = max((dates.last - dates.first) * plan.span, timedelta(microseconds=1))
    while True:
        edge = top - width
        rows = session.execute(span_sql(query, edge)).all()
        if len(rows) > query.limit or edge <= bottom:
            return rows
        width *= SPAN_GROWTH


_DOCS = (
    text(
        "SELECT id, title, summary, original_url, publication, source_key, published_at FROM document WHERE id IN :ids"
    )
    .bindparams(bindparam("ids", expanding=True))
    .columns(published_at=UTCDateTime)
)
_SIGNALS = text("SELECT DISTINCT document_id, category FROM signal WHERE document_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# Only document_id is constrained (kinds are picked in Python) so that no planner can prefer the kind index.
_MENTIONS = text(
    "SELECT id, document_id, kind, text, canonical, extra FROM mention WHERE document_id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_STORIES = text(
    "SELECT sd.document_id, sd.story_id FROM storydocument sd CROSS JOIN story s WHERE s.id = sd.story_id "
    "AND sd.document_id IN :ids ORDER BY s.day"
).bindparams(bindparam("ids", expanding=True))


def load_items(session: Session, ids: list[int]) -> list[SignalItem]:
    """SignalItems for `ids`, in the order given."""
    if not ids:
        return []
    by_id = {
        r.id: SignalItem(r.id, r.title, r.summary, r.original_url, r.publication, r.source_key, r.published_at)
        for r in session.execute(_DOCS, {"ids": ids})
    }
    cats: dict[int, set[str]] = defaultdict(set)
    for doc_id, category in session.execute(_SIGNALS, {"ids": ids}):
        cats[doc_id].add(category)
    for _id, doc_id, kind, raw, canonical, extra in sorted(session.execute(_MENTIONS, {"ids": ids}), key=_first):
        if kind not in ("org", "amount"):
            continue
        bucket = by_id[doc_id].orgs if kind == "org" else by_id[doc_id].amounts
        # An amount is shown with its role ("$2 billion (raised)"), never bare: core/amount_roles.py.
        name = (canonical or raw) if kind == "org" else with_role(raw, _stored(extra).get("role"))
        if name not in bucket:
            bucket.append(name)
        if kind == "org" and canonical:
            by_id[doc_id].known_orgs.add(canonical)
    for doc_id, story_id in session.execute(_STORIES, {"ids": ids}):
        by_id[doc_id].story_id = story_id
    for doc_id, item in by_id.items():
        item.categories = sorted(cats[doc_id])
    return [by_id[i] for i in ids if i in by_id]


def _first(row) -> int:
    return row[0]


def _stored(extra) -> dict:
    """A JSON column read by a raw query: a dict from PostgreSQL, its text from SQLite."""
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except ValueError:
            return {}
    return extra if isinstance(extra, dict) else {}
