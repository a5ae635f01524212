"""Subscribers in the store: who gets the briefing, which categories, which watchlist, and their token.

The token (secrets.token_urlsafe) is the only credential of the unsubscribe and preferences links, so it is
random, unique and never derived from the address. Every value is checked by subscriber_input.py, the same
for the CLI, the preferences page and the admin page. `active` is the one switch: an unsubscribed reader
and one an admin paused are both inactive, and either may be switched on again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlmodel import Session, select

from core.errors import InputError
from models.tables import Subscriber
from pipeline.delivery.subscriber_input import clean_categories, clean_email, clean_name, clean_watchlist

_MAX_TOKEN = 64  # the column's length; a longer one cannot be a token
Values = Iterable[str] | str | None


def add_subscriber(
    session: Session,
    email: str,
    *,
    name: str | None = None,
    categories: Values = None,
    watchlist: Values = None,
) -> Subscriber:
    """Subscribe an address; an address that had unsubscribed is subscribed again with the new choices."""
    address = clean_email(email)
    choices = {
        "name": clean_name(name),
        "categories": clean_categories(categories),
        "watchlist": clean_watchlist(watchlist),
    }
    subscriber = _by_email(session, address)
    if subscriber is not None and subscriber.active:
        raise InputError("already subscribed", resource=address)
    if subscriber is None:
        subscriber = Subscriber(email=address, token=secrets.token_urlsafe(32))
    for key, value in choices.items():
        setattr(subscriber, key, value)
    subscriber.active = True
    session.add(subscriber)
    session.flush()
    return subscriber


def list_subscribers(session: Session, *, include_inactive: bool = False) -> list[Subscriber]:
    statement = select(Subscriber).order_by(Subscriber.id)
    if not include_inactive:
        statement = statement.where(Subscriber.active == True)  # noqa: E712 (SQL expression)
    return list(session.exec(statement).all())


def subscriber_by_email(session: Session, email: str) -> Subscriber:
    address = clean_email(email)
    subscriber = _by_email(session, address)
    if subscriber is None:
        raise InputError("no such subscriber", resource=address)
    return subscriber


def remove_subscriber(session: Session, email: str) -> Subscriber:
    """Delete the subscriber (their delivery history goes with them)."""
    subscriber = subscriber_by_email(session, email)
    session.delete(subscriber)
    session.flush()
    return subscriber


def subscriber_by_token(session: Session, token: str) -> Subscriber:
    if not token or len(token) > _MAX_TOKEN:
        raise InputError("unknown or expired link", resource="token")
    subscriber = session.exec(select(Subscriber).where(Subscriber.token == token)).first()
    if subscriber is None:
        raise InputError("unknown or expired link", resource="token")
    return subscriber


def set_preferences(
    session: Session,
    token: str,
    *,
    name: str | None = None,
    categories: Values = None,
    watchlist: Values = None,
    active: bool | None = None,
) -> Subscriber:
    """Change what the owner of `token` receives; an argument left as None keeps its current value."""
    return change_subscriber(
        session,
        subscriber_by_token(session, token),
        name=name,
        categories=categories,
        watchlist=watchlist,
        active=active,
    )


def change_subscriber(
    session: Session,
    subscriber: Subscriber,
    *,
    name: str | None = None,
    categories: Values = None,
    watchlist: Values = None,
    active: bool | None = None,
) -> Subscriber:
    """Every value checked before any is changed, so a refused field leaves the row as it was."""
    changes = {
        "name": clean_name(name) if name is not None else subscriber.name,
        "categories": clean_categories(categories) if categories is not None else subscriber.categories,
        "watchlist": clean_watchlist(watchlist) if watchlist is not None else subscriber.watchlist,
        "active": subscriber.active if active is None else active,
    }
    for key, value in changes.items():
        setattr(subscriber, key, value)
    session.add(subscriber)
    session.flush()
    return subscriber


def unsubscribe(session: Session, token: str) -> Subscriber:
    """Stop sending to the owner of `token`; the row stays so a second click is harmless."""
    return change_subscriber(session, subscriber_by_token(session, token), active=False)


def _by_email(session: Session, address: str) -> Subscriber | None:
    return session.exec(select(Subscriber).where(Subscriber.email == address)).first()
