"""Markdown pieces: a story, the rising chart, the coverage footer."""

from __future__ import annotations

from pipeline.briefing.contracts import Coverage, NewSince, Story
from pipeline.briefing.text import md_escape, md_link, plural

MAX_LINKS = 4
BAR_WIDTH = 16
_EIGHTHS = " ▏▎▍▌▋▊▉"


def story_block(story: Story) -> list[str]:
    lines = []
    if story.summary:
        lines.append(md_escape(story.summary))
    facts = _facts(story)
    if facts:
        lines.append(f"*{facts}*")
    thread = story.thread
    if thread and thread.status == "update":
        lines.append(f"Update on a story first seen {thread.first_seen}; new: {md_escape(_new(thread.new_since))}.")
    lines.append(_sources_line(story))
    # Two trailing spaces: line breaks inside one paragraph, so the story stays one block in HTML.
    return [f"### {md_link(story.title, story.lead.url)}", "", "  \n".join(lines)]


def _facts(story: Story) -> str:
    parts = []
    if story.amounts:
        parts.append(", ".join(md_escape(a.shown()) for a in story.amounts[:3]))
    if story.orgs:
        parts.append(", ".join(md_escape(o) for o in story.orgs[:4]))
    if story.measures:
        parts.append(", ".join(md_escape(m.text) for m in story.measures[:3]))
    return " · ".join(parts)


def _new(new_since: NewSince | None) -> str:
    """What is new, in the order a reader weighs it: money, size, names, then outlets."""
    if new_since is None:
        return ""
    return ", ".join([*new_since.amounts, *new_since.measures, *new_since.orgs, *new_since.sources])


def _sources_line(story: Story) -> str:
    sources = story.sources
    links = " · ".join(md_link(s.publication, s.url) for s in sources[:MAX_LINKS])
    more = f" and {len(sources) - MAX_LINKS} more" if len(sources) > MAX_LINKS else ""
    listed = story.also_reported_by
    mentioned = f"; also covered by {len(listed)} more outlet{'s' if len(listed) != 1 else ''}" if listed else ""
    count = plural(len(sources), "source")
    return f"{count}: {links}{more}{mentioned}"


def bar(value: float, top: float) -> str:
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * BAR_WIDTH * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def rising_chart(rows: list[tuple[str, int, float, float | None]]) -> list[str]:
    """Rows of (label, today, baseline per day, ratio) as a fixed-width chart inside a code block."""
    if not rows:
        return []
    top = max(today for _, today, _, _ in rows)
    width = max(len(label) for label, *_ in rows)
    lines = ["```"]
    for label, today, baseline, ratio in rows:
        trend = f"×{ratio:.1f}" if ratio is not None else ("new" if today else "")
        lines.append(
            f"{label:<{width}}  {bar(today, top):<{BAR_WIDTH}} {today:>3}  avg {baseline:.2f}/day {trend}".rstrip()
        )
    lines.append("```")
    return lines


def coverage_footer(coverage: Coverage) -> str:
    failed = coverage.sources_failed
    failed_text = f", {len(failed)} failed ({', '.join(failed)})" if failed else ", none failed"
    return (
        f"Coverage: {plural(coverage.sources_checked, 'source')} checked{failed_text}; "
        f"{plural(coverage.items_seen, 'item')} seen, {coverage.items_in_window} published "
        f"this day; {plural(coverage.stories, 'story', 'stories')}."
    )
