"""Admin sessions kept in the store, so signing out ends one everywhere: in this process, in the archive's
other worker processes, and for whoever copied the cookie."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import col, delete, select

from models.db import session_scope
from models.tables import AdminSession
from models.types import utcnow


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


class SessionStore:
    def __init__(self, db_url: str, max_age: float):
        self.db_url, self.max_age = db_url, timedelta(seconds=max_age)

    def start(self) -> str:
        """A new session's id; sessions that have run out are cleared on the way."""
        session_id = secrets.token_urlsafe(32)
        now = utcnow()
        with session_scope(self.db_url) as db:
            db.exec(delete(AdminSession).where(col(AdminSession.expires_at) <= now))
            db.add(AdminSession(id_hash=_hash(session_id), created_at=now, expires_at=now + self.max_age))
        return session_id

    def alive(self, session_id: str) -> bool:
        with session_scope(self.db_url) as db:
            found = db.exec(
                select(AdminSession.id_hash).where(
                    AdminSession.id_hash == _hash(session_id), col(AdminSession.expires_at) > utcnow()
                )
            )
            return found.first() is not None

    def end(self, session_id: str) -> None:
        with session_scope(self.db_url) as db:
            db.exec(delete(AdminSession).where(AdminSession.id_hash == _hash(session_id)))
