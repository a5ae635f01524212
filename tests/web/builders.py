"""Small builders that put rows straight into the store, so web tests need no other stage."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

from sqlmodel import Session

from models.tables import Briefing, CrawlRun, Document, Mention, Signal, Source, Story, StoryDocument, Subscriber

TAGGER = "test-1"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def document(session: Session, title: str, *, day: str = "2026-01-14", hour: int = 9, source: str = "reuters-tech",
             summary: str = "", body: str = "", categories: tuple[str, ...] = (), orgs: tuple[str, ...] = (),
             amounts: tuple[tuple[str, float], ...] = (), evidence: str | None = None,
             unknown_orgs: tuple[str, ...] = (),
             publication: str | None = "Reuters") -> Document:
    slug = hashlib.sha1(f"{title}{day}{hour}{source}".encode()).hexdigest()
    doc = Document(canonical_url=f"https://news.example/{slug}", original_url=f"https://news.example/{slug}",
                   title=title, summary=summary, body=body, publication=publication, source_key=source,
                   published_at=at(day, hour), content_hash=slug)
    session.add(doc)
    session.flush()
    for category in categories:
        session.add(Signal(document_id=doc.id, category=category, score=0.9, decided_by="rule",
                           evidence={"sentences": [evidence or title]}, tagger_version=TAGGER))
    for org in orgs:
        session.add(Mention(document_id=doc.id, kind="org", text=org, canonical=org, sentence=title,
                            tagger_version=TAGGER))
    for org in unknown_orgs:  # named by the tagger but not in its gazetteer: no canonical name
        session.add(Mention(document_id=doc.id, kind="org", text=org, sentence=title, tagger_version=TAGGER))
    for text, value in amounts:
        session.add(Mention(document_id=doc.id, kind="amount", text=text, value=value, unit="USD", sentence=title,
                            tagger_version=TAGGER))
    session.flush()
    return doc


def story(session: Session, story_id: str, title: str, docs: list[Document], *, day: str = "2026-01-14",
          categories: tuple[str, ...] = (), parent: str | None = None, summary: str = "") -> Story:
    row = Story(id=story_id, day=date.fromisoformat(day), title=title, summary=summary, categories=list(categories),
                score=0.8, parent_id=parent)
    session.add(row)
    session.flush()
    for doc in docs:
        session.add(StoryDocument(story_id=story_id, document_id=doc.id))
    session.flush()
    return row


def briefing(session: Session, day: str, html: str) -> Briefing:
    row = Briefing(day=date.fromisoformat(day), html=html, markdown="", content={"date": day, "stories": []},
                   tagger_version=TAGGER)
    session.add(row)
    session.flush()
    return row


def source(session: Session, key: str, name: str, *, url: str = "https://feeds.example/rss", enabled: bool = True):
    row = Source(key=key, name=name, kind="feed", url=url, enabled=enabled)
    session.add(row)
    session.flush()
    return row


def crawl(session: Session, key: str, status: str, *, day: str = "2026-01-14", hour: int = 6, items: int = 0,
          errors: int = 0, messages: list | None = None) -> CrawlRun:
    row = CrawlRun(run_id=f"run-{day}-{hour}", source_key=key, started_at=at(day, hour), finished_at=at(day, hour),
                   status=status, items=items, new=items, errors=errors, messages=messages or [])
    session.add(row)
    session.flush()
    return row


def subscriber(session: Session, email: str, token: str, **kw) -> Subscriber:
    row = Subscriber(email=email, token=token, **kw)
    session.add(row)
    session.flush()
    return row
