"""Each source's recent crawls, item counts, errors and a one-word health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from models.tables import CrawlRun, Document, Source
from models.types import utcnow

RECENT_CRAWLS = 5
STALE_AFTER = timedelta(days=2)


@dataclass
class SourceHealth:
    key: str
    name: str
    url: str
    kind: str
    tier: str
    enabled: bool
    documents: int
    crawls: list[CrawlRun]
    health: str  # healthy | failing | stale | disabled | never crawled
    last_ok: datetime | None


def source_health(session: Session, *, now: datetime | None = None) -> list[SourceHealth]:
    now = now or utcnow()
    counts = dict(session.exec(select(Document.source_key, func.count()).group_by(Document.source_key)).all())
    result = []
    for source in session.exec(select(Source).order_by(Source.key)):
        crawls = list(
            session.exec(
                select(CrawlRun)
                .where(CrawlRun.source_key == source.key)
                .order_by(CrawlRun.started_at.desc())
                .limit(RECENT_CRAWLS)
            )
        )
        last_ok = session.exec(
            select(func.max(CrawlRun.started_at)).where(
                CrawlRun.source_key == source.key, CrawlRun.status.in_(("ok", "not_modified"))
            )
        ).one()
        result.append(
            SourceHealth(
                source.key,
                source.name,
                source.url,
                source.kind,
                source.tier,
                source.enabled,
                counts.get(source.key, 0),
                crawls,
                _health(source, crawls, last_ok, now),
                last_ok,
            )
        )
    return result


def _health(source: Source, crawls: list[CrawlRun], last_ok, now: datetime) -> str:
    if not source.enabled:
        return "disabled"
    if not crawls:
        return "never crawled"
    if crawls[0].status == "failed":
        return "failing"
    if last_ok is None or now - last_ok > STALE_AFTER:
        return "stale"
    return "healthy"
