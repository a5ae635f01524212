"""The store: every table Signaldesk keeps, from sources to deliveries.

Rows flow one way: Source -> Document (+CrawlRun) -> Signal/Mention -> Story -> Briefing -> Delivery.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


def _ts(**kw) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kw)


def _json(default=dict) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=64)
    name: str
    kind: str = Field(max_length=32)
    url: str
    tier: str = Field(default="press", max_length=32)
    enabled: bool = True
    updated_at: datetime = _ts()


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(unique=True, index=True)
    original_url: str
    title: str
    summary: str = Field(default="", sa_type=Text)
    body: str = Field(default="", sa_type=Text)
    author: str | None = None
    publication: str | None = Field(default=None, index=True)
    source_key: str = Field(index=True, max_length=64)
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    date_is_fallback: bool = False
    fetched_at: datetime = _ts()
    updated_at: datetime = _ts()
    content_hash: str = Field(index=True, max_length=64)
    language: str | None = Field(default=None, max_length=8)
    # The tagger version that last tagged this document (also when it found no category): what is pending.
    tagged_version: str | None = Field(default=None, index=True, max_length=64)
    extra: dict = _json()


class CrawlRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(index=True, max_length=64)
    source_key: str = Field(index=True, max_length=64)
    started_at: datetime = _ts()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="running", max_length=16)  # running | ok | not_modified | failed
    http_status: int | None = None
    items: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0
    messages: list = _json(list)


class Signal(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "category", "tagger_version"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    category: str = Field(index=True, max_length=32)
    score: float
    decided_by: str = Field(max_length=16)  # rule | model | rule+model
    evidence: dict = _json()
    tagger_version: str = Field(index=True, max_length=64)
    created_at: datetime = _ts()


class Mention(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    kind: str = Field(index=True, max_length=16)  # org | amount | measure
    text: str
    canonical: str | None = Field(default=None, index=True)
    value: float | None = None
    unit: str | None = Field(default=None, max_length=16)  # currency for amounts, GW/GPU/CVE/... for measures
    period: str | None = Field(default=None, max_length=16)
    sentence: str = Field(default="", sa_type=Text)
    extra: dict = _json()
    tagger_version: str = Field(index=True, max_length=64)


class Story(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    day: date = Field(index=True)
    title: str
    summary: str = Field(default="", sa_type=Text)
    categories: list = _json(list)
    score: float = 0.0
    score_parts: dict = _json()
    parent_id: str | None = Field(default=None, foreign_key="story.id", index=True)
    created_at: datetime = _ts()


class StoryDocument(SQLModel, table=True):
    story_id: str = Field(foreign_key="story.id", primary_key=True, ondelete="CASCADE")
    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")


class Briefing(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True, index=True)
    generated_at: datetime = _ts()
    tagger_version: str = Field(default="", max_length=64)
    content: dict = _json()
    markdown: str = Field(default="", sa_type=Text)
    html: str = Field(default="", sa_type=Text)


class Subscriber(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True)
    name: str | None = None
    categories: list = _json(list)  # empty: every category
    watchlist: list = _json(list)
    active: bool = True
    token: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = _ts()


class Delivery(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("briefing_day", "subscriber_id"),)
    id: int | None = Field(default=None, primary_key=True)
    briefing_day: date = Field(index=True)
    subscriber_id: int = Field(foreign_key="subscriber.id", index=True, ondelete="CASCADE")
    status: str = Field(default="pending", max_length=16)  # pending | sending | sent | failed
    attempts: int = 0
    message_id: str | None = None
    error: str | None = Field(default=None, sa_type=Text)
    updated_at: datetime = _ts()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AdminSession(SQLModel, table=True):
    """A signed-in admin browser. The cookie holds a random id; only its SHA-256 is kept, so reading this
    table does not hand out live sessions. Signing out deletes the row, which ends the session in every
    process that serves the archive."""

    __tablename__ = "admin_session"
    id_hash: str = Field(primary_key=True, max_length=64)
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
