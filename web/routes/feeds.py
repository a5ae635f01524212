"""Atom feeds: one per category, and one for any saved search (the signals filters as query string)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from web.deps import get_session, signal_query
from web.feeds import atom_feed
from web.queries.params import SignalQuery, parse_signal_query
from web.queries.search import search

router = APIRouter()
FEED_SIZE = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@router.get("/feeds/category/{category}.atom", include_in_schema=False)
def category_feed(category: str, request: Request, session: Session = Depends(get_session)):
    query = parse_signal_query(category=[category], limit=str(FEED_SIZE))
    return _feed(
        request,
        session,
        query,
        f"Signaldesk: {query.categories[0]}",
        f"/feeds/category/{query.categories[0]}.atom",
        f"/signals?category={query.categories[0]}",
    )


@router.get("/feeds/search.atom", include_in_schema=False)
def search_feed(request: Request, query: SignalQuery = Depends(signal_query), session: Session = Depends(get_session)):
    query = replace(query, after=None, limit=FEED_SIZE)
    search = urlencode(query.params())
    label = query.search.raw if query.search else "all signals"
    return _feed(
        request, session, query, f"Signaldesk search: {label}", f"/feeds/search.atom?{search}", f"/signals?{search}"
    )


def _feed(request: Request, session: Session, query: SignalQuery, title: str, feed_path: str, page_path: str):
    base = request.app.state.settings.public_url.rstrip("/")
    page = search(session, query, request.app.state.stats.get(session))
    body = atom_feed(title=title, feed_url=base + feed_path, page_url=base + page_path, items=page.items, base_url=base)
    return Response(body, media_type=ATOM_TYPE)
