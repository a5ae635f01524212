"""Signals rising: today's category and organization counts against the trailing four weeks.

Counts are distinct tagged documents (any tagger version), grouped in the database over the indexed
`published_at` range, so four weeks of a large store cost one aggregate query, not a table load.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, func
from sqlmodel import Session, select

from models.tables import Document, Mention, Signal
from pipeline.briefing.contracts import Rising, RisingCategory, RisingOrg
from pipeline.briefing.corpus import unindexed
from pipeline.briefing.window import day_bounds, span_bounds

TRAILING_DAYS = 28
MAX_ORGS = 5
ORG_CANDIDATES = 15  # the day's most-mentioned organizations; each costs an index walk over its mentions


def signals_rising(session: Session, day: date, tz: ZoneInfo, orgs: list[str]) -> Rising:
    """`orgs`: candidate organizations, most mentioned first."""
    today = day_bounds(day, tz)
    trailing = span_bounds(day - timedelta(days=TRAILING_DAYS), day - timedelta(days=1), tz)
    categories = _compare(_category_counts(session, *today), _category_counts(session, *trailing))
    candidates = orgs[:ORG_CANDIDATES]
    org_rows = _compare(_org_counts(session, *today, candidates), _org_counts(session, *trailing, candidates))
    rising_orgs = [r for r in org_rows if r["today"] >= 2 and r["today"] > r["baseline"]][:MAX_ORGS]
    return Rising(
        window_days=TRAILING_DAYS,
        categories=[RisingCategory(category=r.pop("key"), **r) for r in categories],
        orgs=[RisingOrg(org=r.pop("key"), **r) for r in rising_orgs],
    )


def _compare(today: dict[str, int], trailing: dict[str, int]) -> list[dict]:
    rows = []
    for key in sorted(set(today) | set(trailing)):
        baseline = trailing.get(key, 0) / TRAILING_DAYS
        count = today.get(key, 0)
        ratio = round(count / baseline, 2) if baseline else None
        rows.append({"key": key, "today": count, "baseline": round(baseline, 2), "ratio": ratio})
    # Biggest rise first: a first sighting (no baseline) ranks by its count alone.
    rows.sort(key=lambda r: (-(r["today"] - r["baseline"]), r["key"]))
    return rows


def _category_counts(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    query = (
        select(Signal.category, func.count(distinct(Signal.document_id)))
        .join(Document, Document.id == Signal.document_id)
        .where(Document.published_at >= start, Document.published_at < end)
        .group_by(Signal.category)
    )
    return {category: int(n) for category, n in session.exec(query).all()}


def _org_counts(session: Session, start: datetime, end: datetime, orgs: list[str]) -> dict[str, int]:
    if not orgs:
        return {}
    # The window's documents first (the published_at index), then their mentions: walking every mention
    # of a big organization over the years instead costs seconds at a million documents.
    window = select(Document.id).where(Document.published_at >= start, Document.published_at < end)
    query = (
        select(Mention.canonical, func.count(distinct(Mention.document_id)))
        .where(
            Mention.document_id.in_(window), unindexed(Mention.kind) == "org", unindexed(Mention.canonical).in_(orgs)
        )
        .group_by(Mention.canonical)
    )
    return {org: int(n) for org, n in session.exec(query).all()}
