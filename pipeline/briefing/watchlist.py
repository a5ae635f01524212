"""Watchlist matching: an organization or technology a reader follows, found in a story."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.briefing.contracts import Story, WatchlistEntry


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(term.strip()) + r"(?![\w-])", re.IGNORECASE)


def story_matches(story: Story, term: str) -> bool:
    """A term matches a story's organizations exactly, or its title or summary as a whole word."""
    term = term.strip()
    if not term:
        return False
    if any(org.lower() == term.lower() for org in story.orgs):
        return True
    pattern = _pattern(term)
    return bool(pattern.search(story.title) or pattern.search(story.summary))


def watchlist_entries(stories: list[Story], terms: list[str]) -> list[WatchlistEntry]:
    """One entry per term that matched at least one story, its story ids in story order."""
    entries = []
    for term in _clean(terms):
        ids = [s.id for s in stories if story_matches(s, term)]
        if ids:
            entries.append(WatchlistEntry(term=term, story_ids=ids))
    return entries


def _clean(terms: list[str]) -> list[str]:
    seen: list[str] = []
    for term in terms or []:
        term = str(term).strip()
        if term and term.lower() not in {t.lower() for t in seen}:
            seen.append(term)
    return seen
