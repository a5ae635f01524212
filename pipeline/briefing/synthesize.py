"""The structured briefing (pipeline/briefing/contracts.py), assembled from ranked, threaded stories."""

from __future__ import annotations

from datetime import date, datetime

from pipeline.briefing.contracts import Briefing, Coverage, MinuteLine, Rising, Section, Story
from pipeline.briefing.describe import CATEGORIES
from pipeline.briefing.minute import headline_stories
from pipeline.briefing.rank import WEIGHTS
from pipeline.briefing.takeaways import find_takeaways
from pipeline.briefing.themes import find_themes
from pipeline.briefing.watchlist import watchlist_entries


def synthesize(
    day: date,
    *,
    generated_at: datetime,
    tagger_version: str | None,
    stories: list[Story],
    coverage: Coverage,
    rising: Rising,
    watchlist: list[str],
    minute: list[MinuteLine],
    minute_writer: str,
    categories: list[str] | None = None,
) -> Briefing:
    """`stories` come ranked; continuing threads stay in `stories` but out of the sections."""
    headlined = headline_stories(stories)
    details = find_takeaways(headlined)
    return Briefing(
        date=day.isoformat(),
        generated_at=generated_at.isoformat(),
        tagger_version=tagger_version or "",
        stories=stories,
        sections=sections_for(headlined, categories or list(CATEGORIES)),
        themes=find_themes(headlined, watchlist),
        watchlist=watchlist_entries(headlined, watchlist),
        rising=rising,
        minute=minute,
        minute_writer=minute_writer,
        takeaways=[d.text for d in details],
        takeaway_details=details,
        score_weights=dict(WEIGHTS),
        coverage=coverage.model_copy(update={"stories": len(headlined), "continuing": len(stories) - len(headlined)}),
        quiet=not headlined,
    )


def sections_for(stories: list[Story], categories: list[str]) -> list[Section]:
    """Each story once, under the first of its categories (strongest first) that `categories` allows."""
    buckets: dict[str, list[str]] = {c: [] for c in categories}
    for story in stories:
        home = next((c for c in story.categories if c in buckets), None)
        if home:
            buckets[home].append(story.id)
    return [Section(category=c, story_ids=ids) for c, ids in buckets.items() if ids]
