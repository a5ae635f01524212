"""The day's tagged documents, read from the store with their signals and mentions.

Every query is bounded by the indexed `published_at` range of the day (or by the ids found there), so the
cost follows the size of the day, never the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from core.amount_roles import role_of
from core.tiers import DEFAULT as DEFAULT_TIER
from models.tables import Document, Mention, Signal, Source
from pipeline.briefing.contracts import Amount, Measure

_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


@dataclass
class Item:
    """One tagged document, flattened for clustering and ranking."""

    doc_id: int
    url: str
    title: str
    summary: str
    publication: str
    source_key: str
    tier: str
    published_at: datetime
    extra: dict
    categories: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    orgs: list[str] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def current_tagger_version(session: Session, start: datetime, end: datetime) -> str | None:
    """The version of the last-written signal on the window's documents: older versions are superseded."""
    query = (
        select(Signal.tagger_version)
        .join(Document, Document.id == Signal.document_id)
        .where(Document.published_at >= start, Document.published_at < end)
        .order_by(Signal.created_at.desc(), Signal.id.desc())
        .limit(1)
    )
    return session.exec(query).first()


def count_in_window(session: Session, start: datetime, end: datetime) -> int:
    query = (
        select(func.count()).select_from(Document).where(Document.published_at >= start, Document.published_at < end)
    )
    return int(session.exec(query).one())


def source_tiers(session: Session) -> dict[str, str]:
    return {key: tier for key, tier in session.exec(select(Source.key, Source.tier)).all()}


def load_items(session: Session, start: datetime, end: datetime, version: str) -> list[Item]:
    """Documents published in [start, end) that carry at least one signal of `version`."""
    tiers = source_tiers(session)
    items: dict[int, Item] = {}
    query = (
        select(
            Document.id,
            Document.canonical_url,
            Document.title,
            Document.summary,
            Document.publication,
            Document.source_key,
            Document.published_at,
            Document.extra,
            Signal.category,
            Signal.score,
            Signal.evidence,
        )
        .join(Signal, Signal.document_id == Document.id)
        .where(Document.published_at >= start, Document.published_at < end, unindexed(Signal.tagger_version) == version)
    )
    for row in session.exec(query).all():
        item = items.get(row[0]) or items.setdefault(row[0], _item(row, tiers))
        item.categories[row.category] = float(row.score)
        item.evidence[row.category] = str((row.evidence or {}).get("sentence") or "")
    _attach_mentions(session, items, version)
    _drop_outlets(items.values())
    return sorted(items.values(), key=lambda it: (it.published_at, it.url))


def _drop_outlets(items) -> None:
    """An outlet named in its own copy ("WIRED's review", "BBC News") is the messenger, not an actor in
    the event: the day's press and aggregator outlets are not organizations of its stories."""
    outlets = set()
    for item in items:
        if item.tier == "primary":  # CISA in a CISA advisory is the actor, not a messenger
            continue
        name = (item.publication or "").lower()
        outlets |= {name, name.split(" - ")[0].strip(), name.removesuffix(" news").strip()}
    outlets.discard("")
    for item in items:
        item.orgs = [org for org in item.orgs if org.lower() not in outlets]


def unindexed(column):
    """`column || ''`: the same value, but no index on it. Every row of one tagger version is most of the
    table; without statistics SQLite would walk that index instead of the day's few documents."""
    return column.concat("")


def _item(row, tiers: dict[str, str]) -> Item:
    doc_id, url, title, summary, publication, source_key, published_at, extra = row[:8]
    return Item(
        doc_id,
        url,
        title or "",
        summary or "",
        publication or source_key,
        source_key,
        tiers.get(source_key, DEFAULT_TIER),
        published_at,
        dict(extra or {}),
    )


def _attach_mentions(session: Session, items: dict[int, Item], version: str) -> None:
    ids = sorted(items)
    for i in range(0, len(ids), _CHUNK):
        query = (
            select(Mention)
            .where(Mention.document_id.in_(ids[i : i + _CHUNK]), unindexed(Mention.tagger_version) == version)
            .order_by(Mention.id)
        )
        for mention in session.exec(query).all():
            _add_mention(items[mention.document_id], mention)


def _add_mention(item: Item, mention: Mention) -> None:
    if mention.kind == "org":
        name = (mention.canonical or mention.text).strip()
        if name and name not in item.orgs:
            item.orgs.append(name)
    elif mention.kind == "amount" and mention.value is not None:
        item.amounts.append(
            Amount(
                text=mention.text,
                value=mention.value,
                currency=mention.unit,
                period=mention.period,
                role=role_of((mention.extra or {}).get("role")).key,
            )
        )
    elif mention.kind == "measure" and mention.value is not None:
        item.measures.append(Measure(text=mention.text, value=mention.value, unit=mention.unit))
