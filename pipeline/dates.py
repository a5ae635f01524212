"""Dates: as sources write them, normalized to aware UTC; and calendar days, as users write them and as the
configured time zone bounds them. Every command, flow and page reads a day through this module."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import InputError

# Named zones that feeds still use in RFC 822 dates (CISA's Drupal writes "EDT").
_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}
_NAMED = re.compile(r"\s([A-Z]{1,4})$")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d, %Y, %I:%M %p", "%B %d, %Y %I:%M %p", "%Y-%m-%d", "%d %B %Y")
# Items dated more than this far ahead are clock or markup errors, not scoops.
FUTURE_TOLERANCE = timedelta(days=1)


def _rfc822(text: str) -> datetime | None:
    match = _NAMED.search(text)
    if match and match.group(1) in _ZONES:
        hours = _ZONES[match.group(1)]
        sign = "+" if hours >= 0 else "-"
        minutes = int(abs(hours) * 60)
        text = text[: match.start()] + f" {sign}{minutes // 60:02d}{minutes % 60:02d}"
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # Overflow: "00:2222222200" as a time
        return None
    return parsed


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _written(text: str) -> datetime | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_date(text: str | None, *, default_tz=None) -> datetime | None:
    """Any date a source serves -> aware UTC, or None when it is not a date.

    A value without a zone is read in `default_tz` (UTC when not given).
    """
    if not text or not str(text).strip():
        return None
    text = " ".join(str(text).split())
    parsed = _iso(text) or _rfc822(text) or _written(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz or UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        return None  # year 1 or 9999 shifted by its offset falls outside what datetime can hold


def _zone(name: str | None):
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None  # OSError: a key naming a tzdata folder ("America") or an unreadable file


def resolve_published(
    text: str | None, fetched_at: datetime, *, zone: str | None = None
) -> tuple[datetime, str | None]:
    """The publication time to store and, when it could not be trusted, why (flagged on the Document).

    `zone` names the timezone a source writes zone-less times in (Techmeme: US Eastern).
    """
    parsed = parse_date(text, default_tz=_zone(zone))
    if parsed is None:
        return fetched_at, "missing" if not text else "unparseable"
    if parsed > fetched_at + FUTURE_TOLERANCE:
        return fetched_at, "future"
    return parsed, None


# A day as users write it. ASCII digits only, and only this form: date.fromisoformat alone would also take
# "20260415" and "2026-W16-3", which no help text promises.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str, field: str) -> date:
    """A calendar day written YYYY-MM-DD (spaces around it ignored); InputError naming `field` otherwise."""
    value = str(text).strip()
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2026-02-30: the right shape, not a day
    raise InputError(f"{str(text)[:40]!r} is not a date (YYYY-MM-DD)", resource=field)


def yesterday(tz: tzinfo, *, now: datetime | None = None) -> date:
    """The last complete calendar day in `tz` (at `now`, default the current time): a briefing's default day."""
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    return today - timedelta(days=1)


def day_start(day: date, tz: tzinfo) -> datetime:
    """The instant `day` begins in `tz`, as aware UTC; OverflowError at the ends of the calendar."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
