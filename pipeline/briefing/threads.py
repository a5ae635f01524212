"""Threading across days: link a story to the one it continues from the previous week's briefings.

Memory is what was *reported*: the stories of the stored briefings of the last seven days. A continuing
story shows only what is new since then (new outlets, amounts, organizations, measures); with nothing new
it is marked `continuing` and kept out of the sections.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from models.tables import Briefing
from pipeline.briefing.corpus import Item
from pipeline.briefing.similarity import (
    JOIN_THRESHOLD, Idf, amount_key, candidates, cosine, event_score, make_profile, postings,
)
from pipeline.briefing.stories import Cluster
from pipeline.briefing.text import lead_sentences

LOOKBACK_DAYS = 7


def previous_stories(session: Session, day: date) -> list[dict]:
    """Stories of the briefings of the seven days before `day`, newest day first, each with its day."""
    query = (
        select(Briefing.day, Briefing.content)
        .where(Briefing.day >= day - timedelta(days=LOOKBACK_DAYS), Briefing.day < day)
        .order_by(Briefing.day.desc())
    )
    found = []
    for brief_day, content in session.exec(query).all():
        for story in (content or {}).get("stories", []):
            found.append({**story, "_day": brief_day.isoformat()})
    return found


def link_threads(day: date, drafts: list[tuple[Cluster, dict]], previous: list[dict]) -> None:
    """Set `thread` on every story; an update's summary moves to what its new sources say."""
    by_id = {p["id"]: p for p in previous}
    parents = _best_parents(drafts, previous)
    for (cluster, story), parent in zip(drafts, parents):
        if parent is None:
            story["thread"] = {"parent_id": None, "first_seen": day.isoformat(), "new_since": None, "status": "new"}
            continue
        reported = _thread_of(parent, by_id)
        new = _new_since(story, reported)
        status = "update" if any(new.values()) else "continuing"
        first_seen = min(p.get("thread", {}).get("first_seen") or p["_day"] for p in reported)
        story["thread"] = {"parent_id": parent["id"], "first_seen": first_seen, "new_since": new,
                           "status": status, "last_reported": parent["_day"]}
        if new["sources"]:
            fresh = [it for it in cluster.items if it.publication in new["sources"] and it.summary.strip()]
            if fresh:
                story["summary"] = lead_sentences(fresh[0].summary)


def _best_parents(drafts: list[tuple[Cluster, dict]], previous: list[dict]) -> list[dict | None]:
    if not previous:
        return [None] * len(drafts)
    today = [_story_profile(c.items, s) for c, s in drafts]
    before = [make_profile(p["title"], p.get("summary", ""), p.get("orgs", []), p.get("amounts", [])) for p in previous]
    idf = Idf(today + before)
    before_vectors = [idf.vector(p) for p in before]
    index = postings(before)
    parents: list[dict | None] = []
    for profile in today:
        vector = idf.vector(profile)
        scored = [(event_score(cosine(vector, before_vectors[j]), profile, before[j]), previous[j]["_day"],
                   previous[j]["id"], previous[j]) for j in candidates(profile, index)]
        scored = [s for s in scored if s[0] >= JOIN_THRESHOLD]
        parents.append(max(scored, key=lambda s: s[:3])[3] if scored else None)
    return parents


def _story_profile(items: list[Item], story: dict):
    titles = " ".join(it.title for it in items)
    return make_profile(titles, story.get("summary", ""), story.get("orgs", []), story.get("amounts", []))


def _thread_of(parent: dict, by_id: dict[str, dict]) -> list[dict]:
    """The parent and its ancestors still inside the look-back window."""
    chain, seen = [], set()
    node: dict | None = parent
    while node is not None and node["id"] not in seen:
        chain.append(node)
        seen.add(node["id"])
        node = by_id.get((node.get("thread") or {}).get("parent_id") or "")
    return chain


def _new_since(story: dict, reported: list[dict]) -> dict[str, list[str]]:
    outlets = {s["publication"].lower() for p in reported for s in p.get("sources", [])}
    outlets |= {name.lower() for p in reported for name in p.get("also_reported_by", [])}
    amounts = {(amount_key(a), a.get("period")) for p in reported for a in p.get("amounts", [])}
    orgs = {o.lower() for p in reported for o in p.get("orgs", [])}
    measures = {(str(m.get("unit") or "").upper(), m["value"]) for p in reported for m in p.get("measures", [])}
    return {
        "sources": _unique(s["publication"] for s in story["sources"] if s["publication"].lower() not in outlets),
        "amounts": [a["text"] for a in story["amounts"] if (amount_key(a), a.get("period")) not in amounts],
        "orgs": [o for o in story["orgs"] if o.lower() not in orgs],
        "measures": [m["text"] for m in story["measures"]
                     if (str(m.get("unit") or "").upper(), m["value"]) not in measures],
    }


def _unique(values) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
