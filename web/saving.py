"""Changes made from a form are committed before the page answers, so no page claims what was not kept."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

log = logging.getLogger(__name__)
T = TypeVar("T")
NOT_SAVED = "Your change was not saved: the store is busy or unavailable. Nothing changed; please try again."


def save(session: Session, change: Callable[[], T]) -> T:
    """Run `change` and commit it; when the store refuses (locked, gone), roll back and answer 503."""
    try:
        result = change()
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        log.warning("a change from the web was not saved: %s", type(exc).__name__)
        raise HTTPException(503, NOT_SAVED) from None
    return result
