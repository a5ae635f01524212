"""The briefing as Markdown, for everyone or for one subscriber's categories and watchlist.

Deterministic: the same briefing gives the same text. Extractive: headlines and summaries are the
sources' own words, each linked; rule-written lines (themes, takeaways) cite the stories behind them.
The body stays under WORD_CAP words by showing fewer stories per section, never by cutting sentences.
"""

from __future__ import annotations

from core.categories import label
from pipeline.briefing.blocks import coverage_footer, rising_chart, story_block
from pipeline.briefing.contracts import Briefing, MinuteLine, Section, WatchlistEntry
from pipeline.briefing.describe import CATEGORIES
from pipeline.briefing.minute import LINES, extractive_minute
from pipeline.briefing.synthesize import sections_for
from pipeline.briefing.text import clip_words, md_escape, md_link, plural, word_count
from pipeline.briefing.watchlist import watchlist_entries

WORD_CAP = 900
MAX_PER_SECTION = 5


def render_markdown(
    briefing: Briefing, *, categories: list[str] | None = None, watchlist: list[str] | None = None
) -> str:
    view = _View(briefing, categories, watchlist)
    for per_section in range(MAX_PER_SECTION, 0, -1):
        text = view.render(per_section)
        if word_count(text) < WORD_CAP:
            return text
    return text


class _View:
    """The briefing as one reader sees it: only their categories' stories, plus their watchlist."""

    def __init__(self, briefing: Briefing, categories: list[str] | None, watchlist: list[str] | None):
        self.b = briefing
        allowed = [c for c in CATEGORIES if not categories or c in categories]
        self.allowed = allowed
        shown = [s for s in briefing.stories if set(s.categories) & set(allowed)]
        self.stories = [s for s in shown if s.status != "continuing"]
        self.continuing = [s for s in shown if s.status == "continuing"]
        self.by_id = {s.id: s for s in self.stories}
        self.sections = briefing.sections if not categories else sections_for(self.stories, allowed)
        self.watchlist = watchlist or []

    def render(self, per_section: int) -> str:
        shown: list[str] = []
        parts = [f"# Signaldesk briefing · {self.b.date}", "", "## The day in one minute", ""]
        if not self.stories:
            parts += [self._quiet(), ""]
        else:
            parts += self._minute() + [""]
            for section in self.sections:
                parts += self._section(section, per_section, shown)
            parts += self._themes(shown) + self._watch() + self._takeaways()
        parts += self._continuing() + self._rising()
        parts += ["---", "", coverage_footer(self.b.coverage.model_copy(update={"stories": len(self.stories)}))]
        return "\n".join(parts).rstrip() + "\n"

    def _quiet(self) -> str:
        cov = self.b.coverage
        return (
            f"A quiet day: no new signals in "
            f"{'these categories' if len(self.allowed) < len(CATEGORIES) else 'any category'} "
            f"among {plural(cov.items_in_window, 'item')} from {plural(cov.sources_checked, 'source')}."
        )

    def _minute(self) -> list[str]:
        lines: list[MinuteLine] = [
            m for m in self.b.minute if m.story_ids and all(i in self.by_id for i in m.story_ids)
        ]
        cited = {i for m in lines for i in m.story_ids}
        lines += extractive_minute([s for s in self.stories if s.id not in cited], lines=LINES - len(lines[:LINES]))
        return [f"- {md_escape(m.text)} {self._cite(m.story_ids)}" for m in lines[:LINES]]

    def _cite(self, story_ids: list[str]) -> str:
        links = [md_link(self.by_id[i].lead.publication, self.by_id[i].lead.url) for i in story_ids if i in self.by_id]
        return f"({', '.join(links)})" if links else ""

    def _section(self, section: Section, per_section: int, shown: list[str]) -> list[str]:
        ids = [i for i in section.story_ids if i in self.by_id]
        if not ids:
            return []
        out = [f"## {label(section.category)}", ""]
        for story_id in ids[:per_section]:
            out += story_block(self.by_id[story_id]) + [""]
            shown.append(story_id)
        if len(ids) > per_section:
            more = f"{len(ids) - per_section} more {section.category} stories"
            url = self.b.archive_url
            out += [f"{md_link(more + ' in the archive', url)}." if url else f"{more} in the archive.", ""]
        return out

    def _themes(self, shown: list[str]) -> list[str]:
        themes = [t for t in self.b.themes if all(i in self.by_id for i in t.story_ids)]
        if not themes:
            return []
        out = ["## Themes", ""]
        for theme in themes:
            out.append(f"- **{md_escape(theme.title)}.** {md_escape(theme.text)} {self._titles(theme.story_ids)}")
        return out + [""]

    def _titles(self, story_ids: list[str]) -> str:
        return "; ".join(
            md_link(clip_words(self.by_id[i].title, 8), self.by_id[i].lead.url) for i in story_ids if i in self.by_id
        )

    def _watch(self) -> list[str]:
        entries = [
            WatchlistEntry(term=e.term, story_ids=[i for i in e.story_ids if i in self.by_id]) for e in self.b.watchlist
        ]
        known = {e.term.lower() for e in entries}
        entries += [e for e in watchlist_entries(self.stories, self.watchlist) if e.term.lower() not in known]
        entries = [e for e in entries if e.story_ids]
        missing = [
            t for t in self.watchlist if t.strip() and t.strip().lower() not in {e.term.lower() for e in entries}
        ]
        if not entries and not missing:
            return []
        out = ["## Your watchlist", ""]
        out += [f"- **{md_escape(e.term)}**: {self._titles(e.story_ids)}" for e in entries]
        if missing:
            out.append(f"- Nothing today on {md_escape(', '.join(missing))}.")
        return out + [""]

    def _takeaways(self) -> list[str]:
        details = [d for d in self.b.takeaway_details if any(i in self.by_id for i in d.story_ids)]
        if not details:
            return []
        out = ["## Actionable takeaways", ""]
        out += [f"- {md_escape(d.text)} {self._cite(d.story_ids)}" for d in details]
        return out + [""]

    def _continuing(self) -> list[str]:
        if not self.continuing:
            return []
        items = "; ".join(
            f"{md_link(clip_words(s.title, 8), s.lead.url)} (since {s.thread.first_seen})" for s in self.continuing[:5]
        )
        return [f"Still developing, nothing new today: {items}.", ""]

    def _rising(self) -> list[str]:
        rising = self.b.rising
        rows = [
            (r.category, r.today, r.baseline, r.ratio)
            for r in rising.categories
            if r.category in self.allowed and (r.today or r.baseline)
        ]
        seen = {org for story in self.stories for org in story.orgs}
        rows += [(r.org, r.today, r.baseline, r.ratio) for r in rising.orgs if r.org in seen]
        if not rows:
            return []
        days = rising.window_days
        return [
            "## Signals rising",
            "",
            f"Items today against the daily average of the previous {days} days.",
            "",
            *rising_chart(rows),
            "",
        ]
