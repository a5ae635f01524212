"""Request-scoped helpers the routes share: the store session and the parsed signals filters."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Query, Request
from sqlmodel import Session

from core.categories import choices_text
from models.db import session_scope
from web.queries.params import SignalQuery, parse_signal_query


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.settings.db_url) as session:
        yield session


def signal_query(
    request: Request,
    q: str | None = Query(None, description='Words and "quoted phrases", all required'),
    category: list[str] = Query([], description=choices_text(" | ")),
    source: list[str] = Query([], description="Source key, e.g. techmeme"),
    org: str | None = Query(None, description="Organization named in the item"),
    since: str | None = Query(None, alias="from", description="First day, YYYY-MM-DD (configured time zone)"),
    until: str | None = Query(None, alias="to", description="Last day, YYYY-MM-DD"),
    min_amount: str | None = Query(None, description="Smallest money amount stated, e.g. 100M or 1B"),
    after: str | None = Query(None, description="Page position from the previous page's next link"),
    limit: str | None = Query(None, description="Page size, 1-100 (default 25)"),
) -> SignalQuery:
    return parse_signal_query(
        q=q,
        category=category,
        source=source,
        org=org,
        since=since,
        until=until,
        min_amount=min_amount,
        after=after,
        limit=limit,
        tz=request.app.state.settings.tz,
    )
