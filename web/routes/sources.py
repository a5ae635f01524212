"""Sources: each one's last crawls, items, errors and health."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from web.deps import get_session
from web.queries.sources import source_health
from web.templating import render

router = APIRouter()


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, session: Session = Depends(get_session)):
    return render(request, "sources.html", sources=source_health(session))
