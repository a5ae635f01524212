"""Watchlist matching: an organization or technology a reader follows, found in a story."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(term.strip()) + r"(?![\w-])", re.IGNORECASE)


def story_matches(story: dict, term: str) -> bool:
    """A term matches a story's organizations exactly, or its title or summary as a whole word."""
    term = term.strip()
    if not term:
        return False
    if any(org.lower() == term.lower() for org in story.get("orgs", [])):
        return True
    pattern = _pattern(term)
    return bool(pattern.search(story.get("title", "")) or pattern.search(story.get("summary", "")))


def watchlist_entries(stories: list[dict], terms: list[str]) -> list[dict]:
    """One entry per term that matched at least one story: {"term", "story_ids"} in story order."""
    entries = []
    for term in _clean(terms):
        ids = [s["id"] for s in stories if story_matches(s, term)]
        if ids:
            entries.append({"term": term, "story_ids": ids})
    return entries


def _clean(terms: list[str]) -> list[str]:
    seen: list[str] = []
    for term in terms or []:
        term = str(term).strip()
        if term and term.lower() not in {t.lower() for t in seen}:
            seen.append(term)
    return seen
