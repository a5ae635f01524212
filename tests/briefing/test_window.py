from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.briefing.window import day_bounds


def test_day_in_utc_is_midnight_to_midnight():
    start, end = day_bounds(date(2026, 4, 15), ZoneInfo("UTC"))
    assert start == datetime(2026, 4, 15, tzinfo=UTC)
    assert end - start == timedelta(hours=24)


def test_day_follows_the_configured_timezone():
    start, end = day_bounds(date(2026, 4, 15), ZoneInfo("America/New_York"))
    # EDT is UTC-4: an item at 23:30 New York time on the 15th is 03:30 UTC on the 16th and still the 15th.
    late = datetime(2026, 4, 16, 3, 30, tzinfo=UTC)
    assert start == datetime(2026, 4, 15, 4, tzinfo=UTC)
    assert start <= late < end


def test_daylight_saving_days_are_not_24_hours():
    spring = day_bounds(date(2026, 3, 29), ZoneInfo("Europe/Berlin"))
    autumn = day_bounds(date(2026, 10, 25), ZoneInfo("Europe/Berlin"))
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)
