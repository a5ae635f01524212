"""Store the day's stories and its briefing; re-running a day updates the same rows."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, delete, select, update

from models.tables import Briefing as BriefingRow
from models.tables import Story as StoryRow
from models.tables import StoryDocument
from pipeline.briefing.contracts import Briefing, Story
from pipeline.briefing.stories import Cluster

_CHUNK = 500


def save_stories(session: Session, day: date, drafts: list[tuple[Cluster, Story]]) -> None:
    """`drafts` are threaded and ranked."""
    keep = [story.id for _, story in drafts]
    _drop_stale(session, day, set(keep))
    parents = _existing({s.thread.parent_id for _, s in drafts if s.thread.parent_id}, session)
    rows = {
        row.id: row
        for i in range(0, len(keep), _CHUNK)
        for row in session.exec(select(StoryRow).where(StoryRow.id.in_(keep[i : i + _CHUNK]))).all()
    }
    for _, story in drafts:
        row = rows.get(story.id) or StoryRow(id=story.id, day=day, title=story.title)
        row.day, row.title, row.summary = day, story.title, story.summary
        row.categories, row.score, row.score_parts = list(story.categories), story.score, dict(story.score_parts)
        row.parent_id = story.thread.parent_id if story.thread.parent_id in parents else None
        session.add(row)
    session.flush()
    for i in range(0, len(keep), _CHUNK):
        session.exec(delete(StoryDocument).where(StoryDocument.story_id.in_(keep[i : i + _CHUNK])))
    session.add_all(
        StoryDocument(story_id=story.id, document_id=item.doc_id) for cluster, story in drafts for item in cluster.items
    )
    session.flush()


def save_briefing(
    session: Session, day: date, briefing: Briefing, markdown: str, generated_at: datetime
) -> BriefingRow:
    row = session.exec(select(BriefingRow).where(BriefingRow.day == day)).first() or BriefingRow(day=day)
    row.generated_at, row.tagger_version = generated_at, briefing.tagger_version
    row.content, row.markdown = briefing.to_json(), markdown
    session.add(row)
    session.flush()
    return row


def _drop_stale(session: Session, day: date, keep: set[str]) -> None:
    """Stories of an earlier build of this day that this build no longer makes."""
    stale = [sid for sid in session.exec(select(StoryRow.id).where(StoryRow.day == day)).all() if sid not in keep]
    for i in range(0, len(stale), _CHUNK):
        chunk = stale[i : i + _CHUNK]
        # A later day's story that continued a dropped one keeps its own row and loses only the link.
        session.exec(update(StoryRow).where(StoryRow.parent_id.in_(chunk)).values(parent_id=None))
        session.exec(delete(StoryDocument).where(StoryDocument.story_id.in_(chunk)))
        session.exec(delete(StoryRow).where(StoryRow.id.in_(chunk)))


def _existing(ids: set[str], session: Session) -> set[str]:
    if not ids:
        return set()
    return set(session.exec(select(StoryRow.id).where(StoryRow.id.in_(sorted(ids)))).all())
