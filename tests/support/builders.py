"""One vocabulary of test builders: store rows put straight into a session (sources, documents and their tags,
stories, briefings, crawl runs, subscribers), and a crawl outcome of made-up items, so a test of one stage needs
no other stage. Signal and Mention rows are written as the tagger writes them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from sqlmodel import Session

from core.items import RawItem
from models.tables import Briefing, CrawlRun, Document, Mention, Signal, Source, Story, StoryDocument, Subscriber
from pipeline.crawl import CrawlOutcome

TAGGER = "tagger-test-1"
DAY = "2026-01-14"
FETCHED = "2025-07-24T22:00:00+00:00"


def at(when: str, hour: int | None = None) -> datetime:
    """'2026-04-15T09:30', '2026-04-15' with an `hour`, or an ISO time with an offset -> aware UTC (a time
    without a zone is UTC)."""
    value = datetime.fromisoformat(when)
    if hour is not None:
        value = value.replace(hour=hour)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _added(session: Session, row):
    session.add(row)
    session.flush()
    return row


def source(
    session: Session,
    key: str,
    name: str | None = None,
    *,
    tier: str = "press",
    kind: str = "feed",
    url: str | None = None,
    enabled: bool = True,
) -> Source:
    return _added(
        session,
        Source(
            key=key, name=name or key, kind=kind, url=url or f"https://{key}.example/feed", tier=tier, enabled=enabled
        ),
    )


def document(
    session: Session,
    title: str,
    *,
    url: str | None = None,
    published: str | None = None,
    day: str = DAY,
    hour: int = 9,
    source: str = "reuters-tech",
    summary: str = "",
    body: str = "",
    publication: str | None = "Reuters",
    extra: dict | None = None,
    categories: tuple[str, ...] = (),
    **tags,
) -> Document:
    """A document published at `published` (an ISO time), or else on `day` at `hour` UTC; `categories` and
    the other keywords of `tag` tag it at once."""
    url = url or f"https://news.example/{hashlib.sha1(f'{title}{day}{hour}{source}'.encode()).hexdigest()}"
    doc = _added(
        session,
        Document(
            canonical_url=url,
            original_url=url,
            title=title,
            summary=summary,
            body=body,
            publication=publication,
            source_key=source,
            published_at=at(published) if published else at(day, hour),
            content_hash=hashlib.sha1(url.encode()).hexdigest(),
            extra=extra or {},
        ),
    )
    return tag(session, doc, *categories, **tags) if categories or tags else doc


def tag(
    session: Session,
    doc: Document,
    *categories: str,
    score: float = 0.9,
    evidence: str | None = None,
    orgs=(),
    unknown_orgs=(),
    amounts=(),
    measures=(),
    version: str = TAGGER,
) -> Document:
    """categories; orgs as names (unknown_orgs: named, but not in the gazetteer: no canonical name); amounts as
    (text, value[, currency[, period[, role]]]), in USD unless said; measures as (text, value, unit)."""
    for category in categories:
        session.add(
            Signal(
                document_id=doc.id,
                category=category,
                score=score,
                decided_by="rule",
                evidence={"sentence": evidence or doc.title, "spans": []},
                tagger_version=version,
            )
        )
    for org in orgs:
        session.add(
            Mention(document_id=doc.id, kind="org", text=org, canonical=org, sentence=doc.title, tagger_version=version)
        )
    for org in unknown_orgs:
        session.add(Mention(document_id=doc.id, kind="org", text=org, sentence=doc.title, tagger_version=version))
    for text, value, *rest in amounts:
        currency, period = rest[0] if rest else "USD", rest[1] if len(rest) > 1 else None
        extra = {"role": rest[2]} if len(rest) > 2 else {}
        session.add(
            Mention(
                document_id=doc.id,
                kind="amount",
                text=text,
                value=value,
                unit=currency,
                period=period,
                sentence=doc.title,
                tagger_version=version,
                extra=extra,
            )
        )
    for text, value, unit in measures:
        session.add(
            Mention(document_id=doc.id, kind="measure", text=text, value=value, unit=unit, tagger_version=version)
        )
    session.flush()
    return doc


def story(
    session: Session,
    story_id: str,
    title: str,
    docs: list[Document],
    *,
    day: str = DAY,
    categories: tuple[str, ...] = (),
    parent: str | None = None,
    summary: str = "",
) -> Story:
    row = _added(
        session,
        Story(
            id=story_id,
            day=date.fromisoformat(day),
            title=title,
            summary=summary,
            categories=list(categories),
            score=0.8,
            parent_id=parent,
        ),
    )
    for doc in docs:
        session.add(StoryDocument(story_id=story_id, document_id=doc.id))
    session.flush()
    return row


def briefing(
    session: Session, day: str, html: str = "", *, markdown: str = "", content: dict | None = None
) -> Briefing:
    return _added(
        session,
        Briefing(
            day=date.fromisoformat(day),
            html=html,
            markdown=markdown,
            content=content or {"date": day, "stories": []},
            tagger_version=TAGGER,
        ),
    )


def crawl(
    session: Session,
    key: str,
    status: str = "ok",
    *,
    run_id: str | None = None,
    started: str | None = None,
    day: str = DAY,
    hour: int = 6,
    items: int = 0,
    errors: int | None = None,
    messages=(),
) -> CrawlRun:
    """A crawl run of `key` started at `started` (an ISO time), or else on `day` at `hour` UTC; a failed run
    counts one error unless `errors` says otherwise."""
    started_at = at(started) if started else at(day, hour)
    return _added(
        session,
        CrawlRun(
            run_id=run_id or f"run-{day}-{hour}",
            source_key=key,
            started_at=started_at,
            finished_at=started_at,
            status=status,
            items=items,
            new=items,
            errors=(1 if status == "failed" else 0) if errors is None else errors,
            messages=list(messages),
        ),
    )


def subscriber(session: Session, email: str, token: str, **kw) -> Subscriber:
    return _added(session, Subscriber(email=email, token=token, **kw))


def outcome(key: str, count: int) -> CrawlOutcome:
    """A crawl outcome of `count` made-up items, for faults that strike the store rather than the crawl."""
    items = [
        RawItem(
            source_key=key,
            url=f"https://news.example/{key}/{n}",
            title=f"{key} story number {n}",
            summary_html=f"<p>What happened in {key} story {n}, in enough words to stand alone.</p>",
            published="Thu, 24 Jul 2025 10:00:00 +0000",
            fetched_at=FETCHED,
        )
        for n in range(count)
    ]
    return CrawlOutcome(key, items, 200, False, [], None)
