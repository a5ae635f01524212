"""Unsubscribe and preferences, reached by the token link in each email.

POST /unsubscribe/<token> is also the RFC 8058 one-click target that mail clients call without a page or
a CSRF token; the unguessable token is the credential there. Each change is committed before the page says
it was made (web/saving.py), and checked by the same validator as the CLI's.
"""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlmodel import Session

from core.errors import InputError
from pipeline.delivery.subscribers import set_preferences, subscriber_by_token, unsubscribe
from web.deps import get_session
from web.saving import save
from web.templating import render

router = APIRouter()


def _subscriber(session: Session, token: str):
    try:
        return subscriber_by_token(session, token)
    except InputError:
        raise HTTPException(
            404, "This link is not valid any more. Use the link in your latest briefing email."
        ) from None


@router.get("/unsubscribe/{token}", include_in_schema=False)
def unsubscribe_form(token: str, request: Request, session: Session = Depends(get_session)):
    return render(request, "unsubscribe.html", subscriber=_subscriber(session, token), token=token, done=False)


@router.post("/unsubscribe/{token}", include_in_schema=False)
def unsubscribe_now(token: str, request: Request, session: Session = Depends(get_session)):
    _subscriber(session, token)
    subscriber = save(session, lambda: unsubscribe(session, token))
    return render(request, "unsubscribe.html", subscriber=subscriber, token=token, done=True)


@router.get("/preferences/{token}", include_in_schema=False)
def preferences_form(token: str, request: Request, session: Session = Depends(get_session)):
    return render(
        request, "preferences.html", subscriber=_subscriber(session, token), token=token, saved=False, error=None
    )


@router.post("/preferences/{token}", include_in_schema=False)
def save_preferences(
    token: str,
    request: Request,
    categories: list[str] = Form([]),
    watchlist: str = Form(""),
    active: str | None = Form(None),
    csrf_token: str = Form(""),
    session: Session = Depends(get_session),
):
    request.app.state.guard.check_csrf(request, csrf_token)
    subscriber = _subscriber(session, token)
    try:
        save(
            session,
            lambda: set_preferences(
                session, token, categories=categories, watchlist=watchlist.splitlines(), active=active is not None
            ),
        )
    except InputError as exc:
        # The form comes back as it was sent, so fixing the named field does not cost the others.
        sent = SimpleNamespace(
            email=subscriber.email, active=active is not None, categories=categories, watchlist=watchlist.splitlines()
        )
        return render(
            request, "preferences.html", subscriber=sent, token=token, saved=False, error=str(exc), status_code=400
        )
    return render(request, "preferences.html", subscriber=subscriber, token=token, saved=True, error=None)
