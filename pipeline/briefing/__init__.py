"""The daily briefing: cluster the day's tagged documents into stories, thread, rank, synthesize, write.

Public API: build_briefing, render_markdown, write_briefing_files, and the Briefing model they pass.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session

from core.errors import InputError
from models.types import utcnow
from pipeline.briefing.contracts import Briefing, MinuteLine, Story
from pipeline.briefing.corpus import count_in_window, current_tagger_version, load_items
from pipeline.briefing.coverage import crawl_coverage
from pipeline.briefing.describe import CATEGORIES, describe
from pipeline.briefing.files import write_briefing_files
from pipeline.briefing.llm import LLMWriter, llm_configured
from pipeline.briefing.markdown import render_markdown
from pipeline.briefing.minute import extractive_minute, headline_stories
from pipeline.briefing.persist import save_briefing, save_stories
from pipeline.briefing.rank import rank_stories
from pipeline.briefing.rising import signals_rising
from pipeline.briefing.stories import cluster_items
from pipeline.briefing.synthesize import synthesize
from pipeline.briefing.threads import link_threads, previous_stories
from pipeline.briefing.window import day_bounds
from pipeline.settings import Settings

__all__ = ["CATEGORIES", "Briefing", "build_briefing", "check_categories", "render_markdown", "write_briefing_files"]


def build_briefing(
    session: Session, settings: Settings, day: date, *, run_id: str | None = None, categories: list[str] | None = None
) -> Briefing:
    """Cluster, thread and rank the day's stories, store them and the Briefing row, return the briefing."""
    wanted = check_categories(categories)
    start, end = day_bounds(day, settings.tz)
    version = current_tagger_version(session, start, end)
    items = load_items(session, start, end, version) if version else []
    items = [it for it in items if set(it.categories) & set(wanted)]
    drafts = [(cluster, describe(day, cluster)) for cluster in cluster_items(items)]
    link_threads(day, drafts, previous_stories(session, day))
    stories = rank_stories([story for _, story in drafts], settings.watchlist)
    minute, writer = _minute(settings, stories)
    coverage = crawl_coverage(session, end, run_id)
    coverage.items_in_window = count_in_window(session, start, end)
    rising = signals_rising(session, day, settings.tz, _orgs(stories))
    generated_at = utcnow()
    briefing = synthesize(
        day,
        generated_at=generated_at,
        tagger_version=version,
        stories=stories,
        coverage=coverage,
        rising=rising,
        watchlist=settings.watchlist,
        minute=minute,
        minute_writer=writer,
        categories=wanted,
    )
    briefing.archive_url = f"{settings.public_url.rstrip('/')}/briefings/{day.isoformat()}"
    save_stories(session, day, drafts)
    save_briefing(session, day, briefing, render_markdown(briefing), generated_at)
    return briefing


def check_categories(categories: list[str] | None) -> list[str]:
    """The requested categories in taxonomy order (all when none), or an InputError naming the bad one."""
    if not categories:
        return list(CATEGORIES)
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise InputError(
            f"unknown category {', '.join(map(repr, unknown))} (expected {', '.join(CATEGORIES)})",
            resource="categories",
        )
    return [c for c in CATEGORIES if c in categories]


def _minute(settings: Settings, stories: list[Story]) -> tuple[list[MinuteLine], str]:
    if llm_configured(settings):
        lines = LLMWriter(settings).write_minute(headline_stories(stories))
        if lines:
            return lines, "llm"
    return extractive_minute(stories), "extractive"


def _orgs(stories: list[Story]) -> list[str]:
    """Organizations by the number of stories naming them, then by rank of their first story."""
    counts = Counter(org for story in stories for org in story.orgs)
    return sorted(counts, key=lambda org: -counts[org])
