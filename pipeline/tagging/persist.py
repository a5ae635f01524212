"""Tags stored Documents and keeps their Signal and Mention rows, one tagger version at a time.

Tagging a document replaces every Signal and Mention row it had (whatever version made them) and touches
no other document. The version a document was last tagged with is kept in `Document.tagged_version`
(indexed), so a document that got no category is still known as tagged and `tag_pending` does not redo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, or_
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from core.errors import StoreError
from models.tables import Document, Mention, Signal
from pipeline.tagging.results import TagResult


@dataclass(frozen=True)
class TagReport:
    documents: int
    signals: int
    mentions: int
    version: str


def tag_documents(session: Session, tagger, documents: list[Document]) -> int:
    """Tag `documents` and replace their rows; returns how many documents were tagged."""
    return _tag(session, tagger, documents)[0]


def tag_pending(session: Session, *, since: datetime | None = None, batch_size: int = 500, tagger=None) -> TagReport:
    """Tag documents not yet tagged by the current tagger version, oldest id first, committing per batch.

    `since` (timezone-aware; a naive value is read as UTC) limits the run to documents published then or later.
    """
    if tagger is None:
        from pipeline.tagging import load_tagger

        tagger = load_tagger()
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    totals, last_id = [0, 0, 0], 0
    while batch := session.exec(_pending(tagger.version, since, last_id, batch_size)).all():
        counts = _tag(session, tagger, list(batch))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        last_id = batch[-1].id
        session.commit()
    return TagReport(documents=totals[0], signals=totals[1], mentions=totals[2], version=tagger.version)


def untagged_document_ids(session: Session, *, since: datetime | None = None, tagger=None) -> list[int]:
    """Ids of documents the current tagger version has not tagged yet, oldest first (for fan-out)."""
    if tagger is None:
        from pipeline.tagging import load_tagger

        tagger = load_tagger()
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    statement = _pending(tagger.version, since, 0, None).with_only_columns(Document.id)
    return list(session.exec(statement).all())


def tag_document_ids(session: Session, ids: list[int], *, tagger=None) -> int:
    """Tag one batch of documents by id (a fan-out unit of the tag flow); returns how many were tagged."""
    if tagger is None:
        from pipeline.tagging import load_tagger

        tagger = load_tagger()
    documents = list(session.exec(select(Document).where(Document.id.in_(ids)).order_by(Document.id)).all())
    return _tag(session, tagger, documents)[0]


def _pending(version: str, since: datetime | None, after_id: int, limit: int | None):
    marker = Document.tagged_version
    statement = (
        select(Document)
        .where(Document.id > after_id)
        .where(or_(marker.is_(None), marker != version))
        .order_by(Document.id)
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(Document.published_at >= since)
    return statement


def _tag(session: Session, tagger, documents: list[Document]) -> tuple[int, int, int]:
    documents = [d for d in documents if d.id is not None]
    if not documents:
        return 0, 0, 0
    ids = [d.id for d in documents]
    session.execute(delete(Signal).where(Signal.document_id.in_(ids)))
    session.execute(delete(Mention).where(Mention.document_id.in_(ids)))
    signals = mentions = 0
    results = tagger.tag_many((d.title or "", d.summary or "", d.body or "", d.publication) for d in documents)
    for document, result in zip(documents, results, strict=True):
        rows_signals, rows_mentions = signal_rows(document.id, result), mention_rows(document.id, result)
        session.add_all(rows_signals + rows_mentions)
        signals, mentions = signals + len(rows_signals), mentions + len(rows_mentions)
        document.tagged_version = result.version
        if document.language is None:
            document.language = result.language
        session.add(document)
    try:
        session.flush()
    except SQLAlchemyError as exc:  # the database refused the rows: say which documents, keep the cause
        raise StoreError(f"could not store signals: {exc.__class__.__name__}", resource=f"documents {ids}") from exc
    return len(documents), signals, mentions


def signal_rows(document_id: int, result: TagResult) -> list[Signal]:
    return [
        Signal(
            document_id=document_id,
            category=c.category,
            score=c.score,
            decided_by=c.decided_by,
            evidence=c.evidence,
            tagger_version=result.version,
        )
        for c in result.categories
    ]


def mention_rows(document_id: int, result: TagResult) -> list[Mention]:
    rows = [
        Mention(
            document_id=document_id,
            kind="org",
            text=o.text,
            canonical=o.canonical,
            sentence=o.sentence,
            tagger_version=result.version,
        )
        for o in result.orgs
    ]
    rows += [
        Mention(
            document_id=document_id,
            kind="amount",
            text=a.text,
            value=a.value,
            unit=a.currency,
            period=a.period,
            sentence=a.sentence,
            tagger_version=result.version,
            extra={"role": a.role, "high": a.high, "qualifier": a.qualifier},
        )
        for a in result.amounts
    ]
    rows += [
        Mention(
            document_id=document_id,
            kind="measure",
            text=m.text,
            value=m.value,
            unit=m.unit,
            sentence=m.sentence,
            tagger_version=result.version,
            extra={"kind": m.kind},
        )
        for m in result.measures
    ]
    return rows
