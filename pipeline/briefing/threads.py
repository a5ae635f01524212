"""Threading across days: link a story to the one it continues from the previous week's briefings.

Memory is what was *reported*: the stories of the stored briefings of the last seven days. A continuing
story shows only what is new since then (new outlets, amounts, organizations, measures); with nothing new
it is marked `continuing` and kept out of the sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from models.tables import Briefing as BriefingRow
from pipeline.briefing.contracts import Briefing, NewSince, Story, Thread
from pipeline.briefing.corpus import Item
from pipeline.briefing.similarity import (
    JOIN_THRESHOLD,
    Idf,
    amount_key,
    candidates,
    cosine,
    event_score,
    make_profile,
    postings,
)
from pipeline.briefing.stories import Cluster
from pipeline.briefing.text import lead_sentences

LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class Reported:
    """A story as an earlier briefing reported it, with that briefing's day (ISO)."""

    day: str
    story: Story


def previous_stories(session: Session, day: date) -> list[Reported]:
    """Stories of the briefings of the seven days before `day`, newest day first, each with its day."""
    query = (
        select(BriefingRow.day, BriefingRow.content)
        .where(BriefingRow.day >= day - timedelta(days=LOOKBACK_DAYS), BriefingRow.day < day)
        .order_by(BriefingRow.day.desc())
    )
    found = []
    for brief_day, content in session.exec(query).all():
        # Stored briefings are read through the contract, so one written by an older version still links.
        for story in Briefing.from_json({"date": brief_day.isoformat(), **(content or {})}).stories:
            found.append(Reported(brief_day.isoformat(), story))
    return found


def link_threads(day: date, drafts: list[tuple[Cluster, Story]], previous: list[Reported]) -> None:
    """Set `thread` on every story; an update's summary moves to what its new sources say."""
    by_id = {p.story.id: p for p in previous}
    parents = _best_parents(drafts, previous)
    for (cluster, story), parent in zip(drafts, parents):
        if parent is None:
            story.thread = Thread(parent_id=None, first_seen=day.isoformat(), new_since=None, status="new")
            continue
        reported = _thread_of(parent, by_id)
        new = _new_since(story, [p.story for p in reported])
        first_seen = min((p.story.thread.first_seen if p.story.thread else "") or p.day for p in reported)
        story.thread = Thread(
            parent_id=parent.story.id,
            first_seen=first_seen,
            new_since=new,
            status="update" if new.any() else "continuing",
            last_reported=parent.day,
        )
        if new.sources:
            fresh = [it for it in cluster.items if it.publication in new.sources and it.summary.strip()]
            if fresh:
                story.summary = lead_sentences(fresh[0].summary)


def _best_parents(drafts: list[tuple[Cluster, Story]], previous: list[Reported]) -> list[Reported | None]:
    if not previous:
        return [None] * len(drafts)
    today = [_story_profile(c.items, s) for c, s in drafts]
    before = [make_profile(p.story.title, p.story.summary, p.story.orgs, p.story.amounts) for p in previous]
    idf = Idf(today + before)
    before_vectors = [idf.vector(p) for p in before]
    index = postings(before)
    parents: list[Reported | None] = []
    for profile in today:
        vector = idf.vector(profile)
        scored = [
            (
                event_score(cosine(vector, before_vectors[j]), profile, before[j]),
                previous[j].day,
                previous[j].story.id,
                previous[j],
            )
            for j in candidates(profile, index)
        ]
        scored = [s for s in scored if s[0] >= JOIN_THRESHOLD]
        parents.append(max(scored, key=lambda s: s[:3])[3] if scored else None)
    return parents


def _story_profile(items: list[Item], story: Story):
    titles = " ".join(it.title for it in items)
    return make_profile(titles, story.summary, story.orgs, story.amounts)


def _thread_of(parent: Reported, by_id: dict[str, Reported]) -> list[Reported]:
    """The parent and its ancestors still inside the look-back window."""
    chain, seen = [], set()
    node: Reported | None = parent
    while node is not None and node.story.id not in seen:
        chain.append(node)
        seen.add(node.story.id)
        node = by_id.get((node.story.thread.parent_id if node.story.thread else None) or "")
    return chain


def _new_since(story: Story, reported: list[Story]) -> NewSince:
    outlets = {s.publication.lower() for p in reported for s in p.sources}
    outlets |= {name.lower() for p in reported for name in p.also_reported_by}
    amounts = {(amount_key(a), a.period) for p in reported for a in p.amounts}
    orgs = {o.lower() for p in reported for o in p.orgs}
    measures = {(str(m.unit or "").upper(), m.value) for p in reported for m in p.measures}
    return NewSince(
        sources=_unique(s.publication for s in story.sources if s.publication.lower() not in outlets),
        amounts=[a.shown() for a in story.amounts if (amount_key(a), a.period) not in amounts],
        orgs=[o for o in story.orgs if o.lower() not in orgs],
        measures=[m.text for m in story.measures if (str(m.unit or "").upper(), m.value) not in measures],
    )


def _unique(values) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
