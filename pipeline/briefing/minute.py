""" "The day in one minute": three lines, each one story's own headline, strongest stories first."""

from __future__ import annotations

from pipeline.briefing.contracts import MinuteLine, Story
from pipeline.briefing.text import clip_words

LINES = 3


def headline_stories(stories: list[Story]) -> list[Story]:
    """Stories worth a line: ranked, and not a thread that brought nothing new."""
    return [s for s in stories if s.status != "continuing"]


def extractive_minute(stories: list[Story], *, lines: int = LINES) -> list[MinuteLine]:
    return [MinuteLine(text=clip_words(s.title, 22), story_ids=[s.id]) for s in headline_stories(stories)[:lines]]
