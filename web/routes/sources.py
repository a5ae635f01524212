"""Sources: each one's last crawls, items, errors and health.

The page is public, so a source URL's secrets (`user:pass@`, query values, path tokens) and those in crawl
messages are masked here too, for rows stored before messages were masked at the source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from core.urlsecrets import redact_text, redact_url
from web.deps import get_session
from web.queries.sources import SourceHealth, source_health
from web.templating import render

router = APIRouter()


@dataclass(frozen=True)
class CrawlLine:
    """One crawl as the page shows it: its first message only, masked."""

    status: str
    started_at: datetime
    items: int
    new: int
    errors: int
    message: str | None


def _shown(source: SourceHealth) -> SourceHealth:
    crawls = [
        CrawlLine(
            c.status, c.started_at, c.items, c.new, c.errors, redact_text(str(c.messages[0])) if c.messages else None
        )
        for c in source.crawls
    ]
    return replace(source, url=redact_url(source.url), crawls=crawls)


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, session: Session = Depends(get_session)):
    return render(request, "sources.html", sources=[_shown(s) for s in source_health(session)])
