"""Subscribers in the store: who gets the briefing, which categories, which watchlist, and their token.

The token (secrets.token_urlsafe) is the only credential of the unsubscribe and preferences links, so it is
random, unique and never derived from the address.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from sqlmodel import Session, select

from models.tables import Subscriber
from pipeline.errors import InputError
from pipeline.sanitize import strip_control
from pipeline.tagging.results import CATEGORIES  # the five keys of taxonomy.md, defined by the tagger

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(rf"^[a-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")
_MAX_WATCH_ITEM = 100


def normalize_email(raw: str) -> str:
    """A plain ASCII addr-spec, lower-cased so one person cannot subscribe twice by changing case."""
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email) or ".." in email:
        raise InputError("not a valid email address (expected name@example.com)", resource=raw or "email")
    return email


def normalize_categories(values: Iterable[str] | str | None) -> list[str]:
    """Known category keys in taxonomy order; an unknown one is an error naming the valid ones."""
    wanted = {value.strip().lower() for value in _split(values)}
    unknown = sorted(wanted - set(CATEGORIES))
    if unknown:
        raise InputError(f"unknown category {', '.join(unknown)} (choose from {', '.join(CATEGORIES)})",
                         resource="categories")
    return [name for name in CATEGORIES if name in wanted]


def normalize_watchlist(values: Iterable[str] | str | None) -> list[str]:
    """Names to watch, trimmed, without duplicates (case-insensitive), in the order given."""
    seen: set[str] = set()
    result: list[str] = []
    for value in _split(values):
        item = " ".join(strip_control(value).split())
        if len(item) > _MAX_WATCH_ITEM:
            raise InputError(f"watchlist entry longer than {_MAX_WATCH_ITEM} characters", resource=item[:40])
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            result.append(item)
    return result


def add_subscriber(
    session: Session, email: str, *, name: str | None = None,
    categories: Iterable[str] | str | None = None, watchlist: Iterable[str] | str | None = None,
) -> Subscriber:
    """Subscribe an address; an address that had unsubscribed is subscribed again with the new choices."""
    address = normalize_email(email)
    subscriber = _by_email(session, address)
    if subscriber is not None and subscriber.active:
        raise InputError("already subscribed", resource=address)
    if subscriber is None:
        subscriber = Subscriber(email=address, token=secrets.token_urlsafe(32))
    subscriber.name = _clean_name(name)
    subscriber.categories = normalize_categories(categories)
    subscriber.watchlist = normalize_watchlist(watchlist)
    subscriber.active = True
    session.add(subscriber)
    session.flush()
    return subscriber


def list_subscribers(session: Session, *, include_inactive: bool = False) -> list[Subscriber]:
    statement = select(Subscriber).order_by(Subscriber.id)
    if not include_inactive:
        statement = statement.where(Subscriber.active == True)  # noqa: E712 (SQL expression)
    return list(session.exec(statement).all())


def remove_subscriber(session: Session, email: str) -> Subscriber:
    """Delete the subscriber (their delivery history goes with them)."""
    address = normalize_email(email)
    subscriber = _by_email(session, address)
    if subscriber is None:
        raise InputError("no such subscriber", resource=address)
    session.delete(subscriber)
    session.flush()
    return subscriber


def subscriber_by_token(session: Session, token: str) -> Subscriber:
    subscriber = session.exec(select(Subscriber).where(Subscriber.token == (token or ""))).first()
    if subscriber is None or not token:
        raise InputError("unknown or expired link", resource="token")
    return subscriber


def set_preferences(
    session: Session, token: str, *, name: str | None = None,
    categories: Iterable[str] | str | None = None, watchlist: Iterable[str] | str | None = None,
) -> Subscriber:
    """Change what a subscriber receives; an argument left as None keeps its current value."""
    subscriber = subscriber_by_token(session, token)
    if name is not None:
        subscriber.name = _clean_name(name)
    if categories is not None:
        subscriber.categories = normalize_categories(categories)
    if watchlist is not None:
        subscriber.watchlist = normalize_watchlist(watchlist)
    session.add(subscriber)
    session.flush()
    return subscriber


def unsubscribe(session: Session, token: str) -> Subscriber:
    """Stop sending to the owner of `token`; the row stays so a second click is harmless."""
    subscriber = subscriber_by_token(session, token)
    subscriber.active = False
    session.add(subscriber)
    session.flush()
    return subscriber


def _by_email(session: Session, address: str) -> Subscriber | None:
    return session.exec(select(Subscriber).where(Subscriber.email == address)).first()


def _clean_name(name: str | None) -> str | None:
    cleaned = " ".join(strip_control(name or "").split())
    return cleaned[:200] or None


def _split(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [value for value in values if value and value.strip()]
