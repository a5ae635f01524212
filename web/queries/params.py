"""The filters of a signals list, parsed from query parameters with a clear error for each bad value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.categories import CATEGORIES, choices_text
from core.errors import InputError
from pipeline.dates import day_start, parse_day
from pipeline.tagging.orgs import gazetteer
from web.queries.fts import SearchText, parse_search

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
AMOUNT_CHOICES = {"1M": 1e6, "10M": 1e7, "100M": 1e8, "1B": 1e9}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmb]?)$", re.IGNORECASE)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9}
_CURSOR = re.compile(r"^(\d{1,17})_(\d{1,18})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (published_at, id) of the last row shown."""

    published_at: datetime
    id: int

    def encode(self) -> str:
        micros = (self.published_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"


@dataclass(frozen=True)
class SignalQuery:
    search: SearchText | None = None
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    org: str | None = None
    since: date | None = None
    until: date | None = None
    min_amount: float | None = None
    after: Cursor | None = None
    limit: int = DEFAULT_LIMIT
    tz: ZoneInfo = field(default=ZoneInfo("UTC"), compare=False)

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The date range as aware UTC instants: [since 00:00, until+1 00:00) in the configured zone."""
        start = day_start(self.since, self.tz) if self.since else None
        end = day_start(self.until + timedelta(days=1), self.tz) if self.until else None
        return start, end

    def amount_label(self) -> str:
        return _amount_label(self.min_amount) if self.min_amount else ""

    def params(self, *, cursor: bool = False) -> list[tuple[str, str]]:
        """Query parameters that reproduce this query (for pager, CSV and feed links)."""
        pairs: list[tuple[str, str]] = []
        if self.search:
            pairs.append(("q", self.search.raw))
        pairs += [("category", c) for c in self.categories] + [("source", s) for s in self.sources]
        for key, value in (("org", self.org), ("from", self.since), ("to", self.until)):
            if value:
                pairs.append((key, str(value)))
        if self.min_amount:
            pairs.append(("min_amount", _amount_label(self.min_amount)))
        if self.limit != DEFAULT_LIMIT:
            pairs.append(("limit", str(self.limit)))
        if cursor and self.after:
            pairs.append(("after", self.after.encode()))
        return pairs


def parse_signal_query(
    *,
    q=None,
    category=(),
    source=(),
    org=None,
    since=None,
    until=None,
    min_amount=None,
    after=None,
    limit=None,
    tz: ZoneInfo = ZoneInfo("UTC"),
) -> SignalQuery:
    """Build a SignalQuery from raw strings; every bad value raises InputError naming its parameter."""
    query = SignalQuery(
        search=parse_search(q),
        categories=_categories(category),
        sources=_sources(source),
        org=_org(org),
        since=_day(since, "from", tz),
        until=_day(until, "to", tz, last=True),
        min_amount=_amount(min_amount),
        after=_cursor(after),
        limit=_limit(limit),
        tz=tz,
    )
    if query.since and query.until and query.since > query.until:
        raise InputError("'from' is after 'to'", resource="from")
    return query


def _categories(values) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in values if v and v.strip()))
    for value in chosen:
        if value not in CATEGORIES:
            raise InputError(f"unknown category {value!r}; choose from {choices_text()}", resource="category")
    return chosen


def _sources(values) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    for value in chosen:
        if not _SLUG.match(value):
            raise InputError(f"{value[:40]!r} is not a source key (lowercase letters, digits, -)", resource="source")
    if len(chosen) > 20:
        raise InputError("choose at most 20 sources", resource="source")
    return chosen


def _org(value: str | None) -> str | None:
    """The canonical name the tagger stores ("AWS" and "amazon web services" filter as Amazon Web Services)."""
    value = (value or "").strip()
    if len(value) > 200:
        raise InputError("organization name is longer than 200 characters", resource="org")
    return canonical_org(value) if value else None


def canonical_org(name: str) -> str:
    """A known alias, written as the gazetteer writes it or in any case, to its canonical name; an unknown
    name as given (the tagger stores an unknown organization as written)."""
    names = gazetteer()
    if name in names:
        return names[name]
    return _folded_names().get(name.casefold(), name)


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, str]:
    folded: dict[str, set[str]] = {}
    for alias, canonical in gazetteer().items():
        folded.setdefault(alias.casefold(), set()).add(canonical)
    # a spelling two companies share in some case ("Arm" and "ARM"?) names neither
    return {alias: next(iter(c)) for alias, c in folded.items() if len(c) == 1}


def _day(value: str | None, name: str, tz: ZoneInfo, *, last: bool = False) -> date | None:
    """A date whose start (or, for the `last` day, whose end) is an instant the store can be asked about."""
    day = parse_day(value, name) if value and value.strip() else None
    try:
        if day:
            day_start(day + timedelta(days=1) if last else day, tz)
    except OverflowError:
        raise InputError(f"{day.isoformat()} is out of range", resource=name) from None
    return day


def _amount(value: str | None) -> float | None:
    if not value or not value.strip():
        return None
    match = _AMOUNT.match(value.strip().lstrip("$"))
    if not match:
        raise InputError(f"{value[:40]!r} is not an amount (e.g. 100M, 1B, 2500000)", resource="min_amount")
    return float(match.group(1)) * _SCALE[match.group(2).lower()]


def _amount_label(value: float) -> str:
    for label, threshold in AMOUNT_CHOICES.items():
        if value == threshold:
            return label
    return f"{value:g}"


def _cursor(value: str | None) -> Cursor | None:
    if not value:
        return None
    match = _CURSOR.match(value.strip())
    if not match:
        raise InputError("the page position is malformed; start again from the first page", resource="after")
    try:
        at = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError:
        raise InputError("the page position is out of range", resource="after") from None
    return Cursor(published_at=at, id=int(match.group(2)))


def _limit(value: str | None) -> int:
    if value is None or str(value).strip() == "":
        return DEFAULT_LIMIT
    try:
        limit = int(str(value).strip())
    except ValueError:
        raise InputError(f"{str(value)[:20]!r} is not a whole number", resource="limit") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"page size must be between 1 and {MAX_LIMIT}", resource="limit")
    return limit
