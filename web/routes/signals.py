"""The signals list with its filters, and the same list as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.tables import Source
from web.deps import get_session, signal_query
from web.queries.params import MAX_LIMIT, SignalQuery
from web.queries.search import search
from web.queries.signals import SignalItem
from web.templating import render

router = APIRouter()
EXPORT_MAX = 5000


@router.get("/signals", include_in_schema=False)
def signals_page(request: Request, query: SignalQuery = Depends(signal_query), session: Session = Depends(get_session)):
    page = search(session, query, request.app.state.stats.get(session))
    sources = session.exec(select(Source.key, Source.name).order_by(Source.name)).all()
    return render(request, "signals.html", query=query, page=page, sources=sources)


@router.get("/signals.csv", include_in_schema=False)
def signals_csv(request: Request, query: SignalQuery = Depends(signal_query), session: Session = Depends(get_session)):
    """The whole filtered list (up to EXPORT_MAX rows), walked page by page newest first."""
    counts = request.app.state.stats.get(session)
    rows: list[SignalItem] = []
    current = replace(query, limit=MAX_LIMIT)
    while len(rows) < EXPORT_MAX:
        page = search(session, current, counts)
        rows += page.items
        if not page.next_cursor:
            break
        current = replace(current, after=page.next_cursor)
    truncated = len(rows) > EXPORT_MAX or (len(rows) == EXPORT_MAX and page.next_cursor is not None)
    headers = {"Content-Disposition": 'attachment; filename="signals.csv"'}
    if truncated:
        headers["X-Signaldesk-Truncated"] = f"first {EXPORT_MAX} rows"
    return Response(_csv(rows[:EXPORT_MAX]), media_type="text/csv; charset=utf-8", headers=headers)


def _csv(items: list[SignalItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["published_at", "title", "categories", "organizations", "amounts", "source", "publication", "url", "story_id"]
    )
    for item in items:
        writer.writerow(
            [
                item.published_at.isoformat(),
                _cell(item.title),
                " ".join(item.categories),
                "; ".join(map(_cell, item.orgs)),
                "; ".join(map(_cell, item.amounts)),
                item.source_key,
                _cell(item.publication or ""),
                item.url,
                item.story_id or "",
            ]
        )
    return out.getvalue()


def _cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets: prefix it so it stays text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
