"""Markdown pieces: a story, the rising chart, the coverage footer."""

from __future__ import annotations

from pipeline.briefing.text import md_escape, md_link, plural

MAX_LINKS = 4
BAR_WIDTH = 16
_EIGHTHS = " ▏▎▍▌▋▊▉"


def story_block(story: dict) -> list[str]:
    lead = story["sources"][0]
    lines = []
    if story.get("summary"):
        lines.append(md_escape(story["summary"]))
    facts = _facts(story)
    if facts:
        lines.append(f"*{facts}*")
    thread = story.get("thread") or {}
    if thread.get("status") == "update":
        lines.append(f"Update on a story first seen {thread['first_seen']}; new: {md_escape(_new(thread['new_since']))}.")
    lines.append(_sources_line(story))
    # Two trailing spaces: line breaks inside one paragraph, so the story stays one block in HTML.
    return [f"### {md_link(story['title'], lead['url'])}", "", "  \n".join(lines)]


def _facts(story: dict) -> str:
    parts = []
    if story.get("amounts"):
        parts.append(", ".join(md_escape(a["text"]) for a in story["amounts"][:3]))
    if story.get("orgs"):
        parts.append(", ".join(md_escape(o) for o in story["orgs"][:4]))
    if story.get("measures"):
        parts.append(", ".join(md_escape(m["text"]) for m in story["measures"][:3]))
    return " · ".join(parts)


def _new(new_since: dict) -> str:
    return ", ".join(v for key in ("amounts", "measures", "orgs", "sources") for v in new_since.get(key, []))


def _sources_line(story: dict) -> str:
    sources = story["sources"]
    links = " · ".join(md_link(s["publication"], s["url"]) for s in sources[:MAX_LINKS])
    more = f" and {len(sources) - MAX_LINKS} more" if len(sources) > MAX_LINKS else ""
    listed = story.get("also_reported_by") or []
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
        lines.append(f"{label:<{width}}  {bar(today, top):<{BAR_WIDTH}} {today:>3}  avg {baseline:.2f}/day {trend}".rstrip())
    lines.append("```")
    return lines


def coverage_footer(coverage: dict) -> str:
    failed = coverage.get("sources_failed") or []
    failed_text = f", {len(failed)} failed ({', '.join(failed)})" if failed else ", none failed"
    return (f"Coverage: {plural(coverage.get('sources_checked', 0), 'source')} checked{failed_text}; "
            f"{plural(coverage.get('items_seen', 0), 'item')} seen, {coverage.get('items_in_window', 0)} published "
            f"this day; {plural(coverage.get('stories', 0), 'story', 'stories')}.")
