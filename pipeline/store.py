"""Drafts -> Documents, exactly once: the same article seen again (same canonical URL, or the same words
from another URL) is one Document; an article whose words changed updates its Document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session, select

from core.errors import InputError
from core.items import RawItem
from models import Document, Source, utcnow
from pipeline.normalize import DocumentDraft, normalize
from pipeline.sources import SourceSpec

_CHUNK = 500
# Shorter texts are too generic ("Weekly roundup") to call two URLs the same article by words alone.
_MIN_CONTENT_FOR_MATCH = 80


@dataclass
class StoreResult:
    items: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)


def sync_sources(session: Session, specs: Iterable[SourceSpec]) -> None:
    """Mirror the sources file into the Source table (the archive shows them)."""
    existing = {s.key: s for s in session.exec(select(Source)).all()}
    for spec in specs:
        row = existing.get(spec.key) or Source(key=spec.key, name=spec.name, kind=spec.kind, url=spec.url)
        row.name, row.kind, row.url, row.tier, row.enabled = spec.name, spec.kind, spec.url, spec.tier, spec.enabled
        row.updated_at = utcnow()
        session.add(row)
    session.flush()


def normalize_all(items: Iterable[RawItem], result: StoreResult) -> list[DocumentDraft]:
    """Normalize each item; a bad one becomes an error line, never the end of the batch."""
    drafts: dict[str, DocumentDraft] = {}
    for number, raw in enumerate(items, 1):
        result.items += 1
        try:
            draft = normalize(raw)
        except InputError as exc:
            result.errors.append(f"item {number}: {exc}")
            continue
        # Duplicate GUIDs or URLs inside one feed: the last copy served wins.
        drafts[draft.canonical_url] = draft
    return list(drafts.values())


def _lookup(session: Session, column, values: list[str]) -> dict[str, Document]:
    found: dict[str, Document] = {}
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        for doc in session.exec(select(Document).where(column.in_(chunk))).all():
            found[getattr(doc, column.key)] = doc
    return found


def _merge_extra(doc: Document, draft: DocumentDraft) -> dict:
    extra = {**(doc.extra or {}), **draft.extra}
    seen = list(dict.fromkeys([*(doc.extra or {}).get("seen_in", [doc.source_key]), draft.source_key]))
    extra["seen_in"] = seen
    if draft.canonical_url != doc.canonical_url:
        extra["alternate_urls"] = sorted({*(doc.extra or {}).get("alternate_urls", []), draft.canonical_url})
    return extra


def _apply(doc: Document, draft: DocumentDraft) -> bool:
    """Update a known document from a new sighting; True when its words changed."""
    changed = draft.content_hash != doc.content_hash and draft.canonical_url == doc.canonical_url
    if changed:
        doc.title, doc.summary, doc.content_hash = draft.title, draft.summary, draft.content_hash
        doc.language = draft.language
    if len(draft.body) > len(doc.body or ""):
        doc.body, changed = draft.body, True
    doc.author = doc.author or draft.author
    doc.publication = doc.publication or draft.publication
    if doc.extra.get("date_flag") and not draft.date_flag:
        doc.published_at, changed = draft.published_at, True
    doc.extra = _merge_extra(doc, draft)
    if changed:
        doc.updated_at = utcnow()
    return changed


def _new_row(draft: DocumentDraft) -> dict:
    now = utcnow()
    return dict(
        canonical_url=draft.canonical_url,
        original_url=draft.original_url,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        author=draft.author,
        publication=draft.publication,
        source_key=draft.source_key,
        published_at=draft.published_at,
        date_is_fallback=bool(draft.date_flag),
        fetched_at=draft.fetched_at,
        updated_at=now,
        content_hash=draft.content_hash,
        language=draft.language,
        extra={**draft.extra, "seen_in": [draft.source_key]},
    )


def _matchable(title: str, summary: str) -> bool:
    return len(title) + len(summary) >= _MIN_CONTENT_FOR_MATCH


def _insert(session: Session, rows: list[dict]) -> dict[str, int]:
    """Bulk insert (one statement per chunk: ORM objects cost more than parsing the feed did)."""
    ids: dict[str, int] = {}
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        statement = insert(Document).returning(Document.id, Document.canonical_url)
        for doc_id, url in session.execute(statement, chunk):
            ids[url] = doc_id
    return ids


def store_items(session: Session, items: Iterable[RawItem]) -> StoreResult:
    """Normalize and upsert one source's items; the caller commits."""
    result = StoreResult()
    drafts = normalize_all(items, result)
    by_url = _lookup(session, Document.canonical_url, [d.canonical_url for d in drafts])
    missing = [d for d in drafts if d.canonical_url not in by_url]
    by_hash = {
        h: doc
        for h, doc in _lookup(
            session, Document.content_hash, [d.content_hash for d in missing if _matchable(d.title, d.summary)]
        ).items()
        if _matchable(doc.title, doc.summary)
    }
    new_rows: dict[str, dict] = {}  # content hash (or URL for short texts) -> row to insert
    touched: list[Document] = []
    for draft in drafts:
        doc = by_url.get(draft.canonical_url) or by_hash.get(draft.content_hash)
        if doc is not None:
            result.updated += _apply(doc, draft)
            touched.append(doc)
            continue
        key = draft.content_hash if _matchable(draft.title, draft.summary) else draft.canonical_url
        if key in new_rows:  # the same words under two URLs in one batch
            row = new_rows[key]
            row["extra"]["alternate_urls"] = sorted({*row["extra"].get("alternate_urls", []), draft.canonical_url})
            continue
        new_rows[key] = _new_row(draft)
    result.new = len(new_rows)
    result.unchanged = len(touched) - result.updated
    session.flush()
    inserted = _insert(session, list(new_rows.values()))
    result.document_ids = [doc.id for doc in touched] + list(inserted.values())
    return result
