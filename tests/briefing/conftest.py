"""Fixtures for the briefing tests: the two-day fixture store on the parametrised database."""

from __future__ import annotations

from datetime import date

import pytest

from models.db import session_scope
from pipeline.briefing.contracts import Briefing, Story
from tests.briefing import dataset

DAY1, DAY2 = date(2026, 4, 14), date(2026, 4, 15)


def build(settings, day: date, **kw) -> Briefing:
    from pipeline.briefing import build_briefing

    with session_scope(settings.db_url) as session:
        return build_briefing(session, settings, day, **kw)


@pytest.fixture
def seeded(settings):
    """Settings whose store holds both fixture days (nothing built yet)."""
    with session_scope(settings.db_url) as session:
        dataset.seed_sources(session)
        dataset.seed_day1(session)
        dataset.seed_day2(session)
    return settings


def by_title(briefing: Briefing, start: str) -> Story:
    matches = [s for s in briefing.stories if s.title.startswith(start)]
    assert len(matches) == 1, [s.title for s in briefing.stories]
    return matches[0]
