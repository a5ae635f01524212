"""One story with everything behind it: its sources, the evidence for each tag, and its thread."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from models.tables import Document, Mention, Signal, Story, StoryDocument

MAX_THREAD = 50  # parent chains are short; the cap only guards against a cycle written by mistake


@dataclass
class TagEvidence:
    category: str
    score: float
    decided_by: str
    sentences: list[str]


@dataclass
class StorySource:
    document: Document
    tags: list[TagEvidence] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    amounts: list[Mention] = field(default_factory=list)


@dataclass
class StoryDetail:
    story: Story
    sources: list[StorySource]
    ancestors: list[Story]  # oldest first, ending with the direct parent
    children: list[Story]


def evidence_sentences(evidence: dict | list | str | None) -> list[str]:
    """The human-readable strings in a tagger's evidence, whatever its nesting; rule ids and numbers skipped."""
    found: list[str] = []
    stack = [evidence]
    while stack and len(found) < 20:
        item = stack.pop(0)
        if isinstance(item, str):
            if " " in item.strip() and item not in found:
                found.append(item.strip())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def story_detail(session: Session, story_id: str) -> StoryDetail | None:
    story = session.get(Story, story_id)
    if story is None:
        return None
    docs = session.exec(
        select(Document)
        .join(StoryDocument, StoryDocument.document_id == Document.id)
        .where(StoryDocument.story_id == story_id)
        .order_by(Document.published_at)
    ).all()
    return StoryDetail(
        story=story,
        sources=_sources(session, docs),
        ancestors=_ancestors(session, story),
        children=list(session.exec(select(Story).where(Story.parent_id == story_id).order_by(Story.day, Story.id))),
    )


def _sources(session: Session, docs: list[Document]) -> list[StorySource]:
    ids = [d.id for d in docs]
    tags: dict[int, list[TagEvidence]] = defaultdict(list)
    for s in session.exec(select(Signal).where(Signal.document_id.in_(ids)).order_by(Signal.category)):
        tags[s.document_id].append(TagEvidence(s.category, s.score, s.decided_by, evidence_sentences(s.evidence)))
    mentions: dict[int, list[Mention]] = defaultdict(list)
    for m in session.exec(select(Mention).where(Mention.document_id.in_(ids)).order_by(Mention.id)):
        mentions[m.document_id].append(m)
    return [
        StorySource(
            document=d,
            tags=tags[d.id],
            orgs=[m for m in mentions[d.id] if m.kind == "org"],
            amounts=[m for m in mentions[d.id] if m.kind == "amount"],
        )
        for d in docs
    ]


def _ancestors(session: Session, story: Story) -> list[Story]:
    chain: list[Story] = []
    seen = {story.id}
    parent_id = story.parent_id
    while parent_id and parent_id not in seen and len(chain) < MAX_THREAD:
        parent = session.get(Story, parent_id)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.id)
        parent_id = parent.parent_id
    return list(reversed(chain))
