"""The Delivery rows: one per (day, subscriber), moved pending -> sending -> sent | failed by atomic updates.

Every transition is a conditional UPDATE committed at once, so two runs can never both claim a row, and a
crash leaves each row in the state of the last thing that really happened. A row left in `sending` by a dead
run means "the message may or may not have left": deliver.py decides what to do with it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from models.tables import Delivery
from models.types import utcnow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def ensure_rows(session: Session, day: date, subscriber_ids: list[int]) -> None:
    """A pending row for every subscriber that has none yet; rows of earlier runs are left as they are."""
    if not subscriber_ids:
        return
    dialect = session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    rows = [
        {"briefing_day": day, "subscriber_id": sid, "status": PENDING, "attempts": 0, "updated_at": utcnow()}
        for sid in subscriber_ids
    ]
    if insert is not None:
        statement = (
            insert(Delivery).values(rows).on_conflict_do_nothing(index_elements=["briefing_day", "subscriber_id"])
        )
        session.exec(statement)
    else:  # another backend: fine for a single run; the unique constraint still refuses doubles
        existing = set(rows_for_day(session, day))
        session.add_all(Delivery(**row) for row in rows if row["subscriber_id"] not in existing)
    session.commit()


def rows_for_day(session: Session, day: date) -> dict[int, Delivery]:
    """The day's rows by subscriber id, read fresh from the database."""
    statement = select(Delivery).where(Delivery.briefing_day == day).execution_options(populate_existing=True)
    return {row.subscriber_id: row for row in session.exec(statement).all()}


def claim(session: Session, row_id: int, *, message_id: str, stale_before: datetime | None = None) -> str | None:
    """Take the row for sending; returns the Message-ID to use, or None when another run holds or sent it.

    A row already carrying a Message-ID keeps it, so every attempt at one delivery is the same message and
    receivers that deduplicate by Message-ID see one. With `stale_before`, a `sending` row last touched before
    that time (its run is dead) may be taken again.
    """
    takeable = Delivery.status == PENDING
    if stale_before is not None:
        takeable = or_(takeable, and_(Delivery.status == SENDING, Delivery.updated_at < stale_before))
    statement = (
        update(Delivery)
        .where(Delivery.id == row_id, takeable)
        .values(
            status=SENDING,
            attempts=Delivery.attempts + 1,
            updated_at=utcnow(),
            error=None,
            message_id=func.coalesce(Delivery.message_id, message_id),
        )
        .execution_options(synchronize_session=False)
    )
    claimed = session.exec(statement).rowcount == 1
    session.commit()
    if not claimed:
        return None
    return session.exec(select(Delivery.message_id).where(Delivery.id == row_id)).one()


def mark_sent(session: Session, row_id: int) -> None:
    now = utcnow()
    _move(session, row_id, SENDING, status=SENT, sent_at=now, updated_at=now, error=None)


def mark_failed(session: Session, row_id: int, error: str) -> None:
    _move(session, row_id, SENDING, status=FAILED, updated_at=utcnow(), error=error)


def release(session: Session, row_id: int, error: str | None) -> None:
    """Back to pending: nothing left, so the next attempt (this run or a later one) may send it."""
    _move(session, row_id, SENDING, status=PENDING, updated_at=utcnow(), error=error)


def reopen_failed(session: Session, day: date) -> int:
    """Failed rows of `day` back to pending, for an operator who fixed the cause; returns how many."""
    statement = (
        update(Delivery)
        .where(Delivery.briefing_day == day, Delivery.status == FAILED)
        .values(status=PENDING, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    count = session.exec(statement).rowcount
    session.commit()
    return count


def _move(session: Session, row_id: int, from_status: str, **values) -> None:
    statement = (
        update(Delivery)
        .where(Delivery.id == row_id, Delivery.status == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.exec(statement)
    session.commit()
