"""SQLModel tables and the engine/session factory. Imports nothing else from the project."""

from models.db import ensure_schema, get_engine, session_scope, upgrade
from models.tables import (
    Briefing,
    CrawlRun,
    Delivery,
    Document,
    Mention,
    Signal,
    Source,
    Story,
    StoryDocument,
    Subscriber,
)
from models.types import UTCDateTime, utcnow

__all__ = [
    "Briefing",
    "CrawlRun",
    "Delivery",
    "Document",
    "Mention",
    "Signal",
    "Source",
    "Story",
    "StoryDocument",
    "Subscriber",
    "UTCDateTime",
    "ensure_schema",
    "get_engine",
    "session_scope",
    "upgrade",
    "utcnow",
]
