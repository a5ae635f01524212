"""Small builders for store rows the briefing reads: sources, documents, signals, mentions, crawl runs.

Signal and Mention rows are written here directly, as the tagger would write them.
"""

from __future__ import annotations

from datetime import datetime, timezone

from models.tables import CrawlRun, Document, Mention, Signal, Source

VERSION = "tagger-test-1"


def at(text: str) -> datetime:
    """'2026-04-15T09:30' (UTC) or an ISO time with an offset -> aware UTC."""
    value = datetime.fromisoformat(text)
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def add_source(session, key: str, tier: str = "press", name: str | None = None) -> None:
    session.add(Source(key=key, name=name or key, kind="feed", url=f"https://{key}.example/feed", tier=tier))
    session.flush()


def add_doc(session, url: str, title: str, *, summary: str = "", publication: str, source_key: str,
            published: str, extra: dict | None = None) -> Document:
    doc = Document(canonical_url=url, original_url=url, title=title, summary=summary, publication=publication,
                   source_key=source_key, published_at=at(published), content_hash=url[-60:], extra=extra or {})
    session.add(doc)
    session.flush()
    return doc


def tag(session, doc: Document, *categories: str, score: float = 0.9, orgs=(), amounts=(), measures=(),
        version: str = VERSION) -> Document:
    """categories; orgs as names; amounts as (text, value, currency[, period]); measures as (text, value, unit)."""
    for category in categories:
        session.add(Signal(document_id=doc.id, category=category, score=score, decided_by="rule",
                           evidence={"sentence": doc.title, "spans": []}, tagger_version=version))
    for org in orgs:
        session.add(Mention(document_id=doc.id, kind="org", text=org, canonical=org, tagger_version=version))
    for text, value, currency, *period in amounts:
        session.add(Mention(document_id=doc.id, kind="amount", text=text, value=value, unit=currency,
                            period=period[0] if period else None, tagger_version=version))
    for text, value, unit in measures:
        session.add(Mention(document_id=doc.id, kind="measure", text=text, value=value, unit=unit,
                            tagger_version=version))
    session.flush()
    return doc


def add_run(session, run_id: str, source_key: str, *, status: str = "ok", items: int = 10, started: str,
            message: str | None = None) -> None:
    session.add(CrawlRun(run_id=run_id, source_key=source_key, status=status, items=items, started_at=at(started),
                         errors=1 if status == "failed" else 0,
                         messages=[{"level": "error", "message": message}] if message else []))
    session.flush()
