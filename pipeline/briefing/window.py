"""Which instants belong to a calendar day in the configured timezone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.dates import day_start


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of `day` in `tz`, as aware UTC; a DST day is 23 or 25 hours long, not 24."""
    return day_start(day, tz), day_start(day + timedelta(days=1), tz)


def span_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start of `first`, end of `last`) in `tz`, as aware UTC."""
    return day_bounds(first, tz)[0], day_bounds(last, tz)[1]
