"""A subscriber's own preferences and unsubscribe, reached by the token in each email."""

from __future__ import annotations

from sqlmodel import Session, select

from models.tables import Subscriber
from pipeline.errors import InputError
from web.queries.params import CATEGORIES

MAX_WATCHLIST = 50


def subscriber_by_token(session: Session, token: str) -> Subscriber | None:
    if not token or len(token) > 64:
        return None
    return session.exec(select(Subscriber).where(Subscriber.token == token)).first()


def unsubscribe(session: Session, subscriber: Subscriber) -> None:
    subscriber.active = False
    session.add(subscriber)


def update_preferences(session: Session, subscriber: Subscriber, *, categories: list[str], watchlist: str,
                       active: bool) -> None:
    """Categories must be known (none chosen means every category); the watchlist is one name per line."""
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise InputError(f"unknown category {unknown[0]!r}", resource="categories")
    names = list(dict.fromkeys(line.strip() for line in watchlist.splitlines() if line.strip()))
    if len(names) > MAX_WATCHLIST or any(len(n) > 100 for n in names):
        raise InputError(f"the watchlist takes up to {MAX_WATCHLIST} names of up to 100 characters",
                         resource="watchlist")
    subscriber.categories = sorted(set(categories))
    subscriber.watchlist = names
    subscriber.active = active
    session.add(subscriber)
