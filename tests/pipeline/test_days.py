"""Calendar days as users write them and as the configured zone bounds them: one reading for every command,
flow and page (pipeline/dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import InputError
from pipeline.dates import day_start, parse_day, yesterday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-04-15", date(2026, 4, 15)),
        (" 2026-04-15\n", date(2026, 4, 15)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_a_day_is_read_in_its_one_written_form(text, expected):
    assert parse_day(text, "--date") == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "15/04/2026",
        "20260415",
        "2026-W16-3",
        "2026-4-15",
        "yesterday",
        "",
        "2026-04-15T00:00",
        "２０２６-０４-１５",  # full-width digits: int() reads them, a date field must not
    ],
)
def test_anything_else_is_an_input_error_naming_the_field(text):
    with pytest.raises(InputError) as caught:
        parse_day(text, "from")
    assert caught.value.resource == "from"
    assert str(caught.value) == f"from: {text!r} is not a date (YYYY-MM-DD)"


def test_a_long_value_is_cut_in_the_message():
    with pytest.raises(InputError) as caught:
        parse_day("x" * 500, "to")
    assert len(str(caught.value)) < 80


@pytest.mark.parametrize(
    "zone, expected",
    [
        ("UTC", date(2026, 4, 14)),  # 23:30 on the 15th: yesterday is the 14th
        ("Asia/Tokyo", date(2026, 4, 15)),  # already 08:30 on the 16th
        ("America/Los_Angeles", date(2026, 4, 14)),
    ],
)
def test_yesterday_is_the_day_before_today_in_the_zone(zone, expected):
    now = datetime(2026, 4, 15, 23, 30, tzinfo=UTC)
    assert yesterday(ZoneInfo(zone), now=now) == expected


def test_yesterday_without_a_clock_reads_the_current_time_in_the_zone():
    tz = ZoneInfo("Pacific/Kiritimati")  # UTC+14: a different day from UTC for half of every day
    before = datetime.now(tz).date()
    result = yesterday(tz)
    after = datetime.now(tz).date()  # the two differ only if local midnight passed in between
    assert result in {before - timedelta(days=1), after - timedelta(days=1)}


def test_a_day_starts_at_local_midnight_in_utc():
    assert day_start(date(2026, 3, 2), ZoneInfo("Asia/Tokyo")) == datetime(2026, 3, 1, 15, tzinfo=UTC)
    assert day_start(date(2026, 7, 1), ZoneInfo("America/New_York")) == datetime(2026, 7, 1, 4, tzinfo=UTC)
    assert day_start(date(2026, 3, 2), UTC).tzinfo == UTC
