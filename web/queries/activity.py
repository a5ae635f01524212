"""Counts over time for the charts: signals per category per day, and an organization's mentions per month."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from models.types import UTCDateTime
from pipeline.dates import day_start

# Grouping by UTC hour in SQL keeps the rows few; the hours are then put on local calendar days in Python,
# which works for any zone without database time-zone support.
_HOUR = {
    "sqlite": "strftime('%Y-%m-%d %H:00:00', d.published_at)",
    "postgresql": "to_char(date_trunc('hour', d.published_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:00:00')",
}


def category_days(session: Session, *, end: date, days: int, tz: ZoneInfo) -> dict[str, Counter]:
    """{category: Counter({local day: signals})} for the `days` days ending with `end`."""
    start_at, end_at = day_start(end - timedelta(days=days - 1), tz), day_start(end + timedelta(days=1), tz)
    hour = _HOUR[session.get_bind().dialect.name]
    sql = text(
        f"SELECT s.category, {hour} AS hour, count(*) FROM signal s JOIN document d ON d.id = s.document_id "
        f"WHERE d.published_at >= :start AND d.published_at < :end GROUP BY s.category, hour"
    ).bindparams(bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))
    sql = sql.bindparams(start=start_at, end=end_at)
    result: dict[str, Counter] = {}
    for category, hour_text, count in session.execute(sql):
        at = datetime.fromisoformat(hour_text).replace(tzinfo=UTC).astimezone(tz)
        result.setdefault(category, Counter())[at.date()] += count
    return result


def org_months(session: Session, org: str, *, tz: ZoneInfo) -> Counter:
    """Counter({first day of month: documents naming org})."""
    hour = _HOUR[session.get_bind().dialect.name]
    sql = text(
        f"SELECT {hour} AS hour, count(DISTINCT d.id) FROM mention m JOIN document d ON d.id = m.document_id "
        f"WHERE m.kind = 'org' AND m.canonical = :org GROUP BY hour"
    )
    months: Counter = Counter()
    for hour_text, count in session.execute(sql, {"org": org}):
        local = datetime.fromisoformat(hour_text).replace(tzinfo=UTC).astimezone(tz)
        months[local.date().replace(day=1)] += count
    return months
