"""Subscriber admin in the archive: list, add, pause or resume, remove, and edit preferences.

Behind the admin token (a signed-in session, with CSRF on every form, or `Authorization: Bearer`), and
through the same store functions and validator as `signaldesk subscribers`, so a value the CLI refuses is
refused here too. Pausing is the `active` switch that unsubscribing also turns off. Every change is
committed before the page reports it (web/saving.py).
"""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from core.errors import InputError
from pipeline.delivery.subscribers import (
    add_subscriber,
    change_subscriber,
    list_subscribers,
    remove_subscriber,
    subscriber_by_email,
)
from web.deps import get_session
from web.saving import save
from web.templating import render

router = APIRouter(prefix="/admin/subscribers")
PAGE = "/admin/subscribers"
_EMPTY = SimpleNamespace(email="", name="", categories=[], watchlist=[])


@router.get("", include_in_schema=False)
def subscribers_page(request: Request, session: Session = Depends(get_session)):
    if (refusal := _refusal(request)) is not None:
        return refusal
    return _page(request, session)


@router.post("", include_in_schema=False)
def add(
    request: Request,
    email: str = Form(""),
    name: str = Form(""),
    categories: list[str] = Form([]),
    watchlist: str = Form(""),
    csrf_token: str = Form(""),
    session: Session = Depends(get_session),
):
    _authorize_change(request, csrf_token)
    draft = SimpleNamespace(email=email, name=name, categories=categories, watchlist=watchlist.splitlines())
    return _changed(
        request,
        session,
        lambda: add_subscriber(session, email, name=name, categories=categories, watchlist=draft.watchlist),
        "Subscribed",
        draft=draft,
    )


@router.post("/status", include_in_schema=False)
def set_status(
    request: Request,
    email: str = Form(""),
    active: str = Form(""),
    csrf_token: str = Form(""),
    session: Session = Depends(get_session),
):
    _authorize_change(request, csrf_token)
    resume = active == "1"
    return _changed(
        request,
        session,
        lambda: change_subscriber(session, subscriber_by_email(session, email), active=resume),
        "Resumed" if resume else "Paused",
    )


@router.post("/remove", include_in_schema=False)
def remove(
    request: Request, email: str = Form(""), csrf_token: str = Form(""), session: Session = Depends(get_session)
):
    _authorize_change(request, csrf_token)
    return _changed(request, session, lambda: remove_subscriber(session, email), "Removed")


@router.get("/edit", include_in_schema=False)
def edit_page(request: Request, email: str = "", session: Session = Depends(get_session)):
    if (refusal := _refusal(request)) is not None:
        return refusal
    return _edit(request, subscriber_by_email(session, email), error=None)


@router.post("/edit", include_in_schema=False)
def save_edit(
    request: Request,
    email: str = Form(""),
    name: str = Form(""),
    categories: list[str] = Form([]),
    watchlist: str = Form(""),
    csrf_token: str = Form(""),
    session: Session = Depends(get_session),
):
    _authorize_change(request, csrf_token)
    subscriber = subscriber_by_email(session, email)
    try:
        save(
            session,
            lambda: change_subscriber(
                session, subscriber, name=name, categories=categories, watchlist=watchlist.splitlines()
            ),
        )
    except InputError as exc:
        sent = SimpleNamespace(
            email=subscriber.email,
            active=subscriber.active,
            name=name,
            categories=categories,
            watchlist=watchlist.splitlines(),
        )
        return _edit(request, sent, error=str(exc), status_code=400)
    return _page(request, session, notice=f"Saved {subscriber.email}")


def _changed(request: Request, session: Session, change, verb: str, *, draft=None):
    """The list after `change`, saying what was done; a refused value is the list with a 400 naming it, and
    the add form keeps what was typed (`draft`)."""
    try:
        subscriber = save(session, change)
    except InputError as exc:
        session.rollback()
        return _page(request, session, error=str(exc), draft=draft, status_code=400)
    return _page(request, session, notice=f"{verb} {subscriber.email}")


def _page(
    request: Request,
    session: Session,
    *,
    notice: str | None = None,
    error: str | None = None,
    draft=None,
    status_code: int = 200,
):
    return render(
        request,
        "admin_subscribers.html",
        subscribers=list_subscribers(session, include_inactive=True),
        notice=notice,
        error=error,
        draft=draft or _EMPTY,
        status_code=status_code,
    )


def _edit(request: Request, subscriber, *, error: str | None, status_code: int = 200):
    return render(request, "admin_subscriber.html", subscriber=subscriber, error=error, status_code=status_code)


def _refusal(request: Request):
    """Why a page request may not see the admin pages: switched off (403) or not signed in (to the login)."""
    guard = request.app.state.guard
    if not guard.admin_token:
        raise HTTPException(403, "Subscriber admin is switched off: set SIGNALDESK_ADMIN_TOKEN and restart.")
    if not guard.is_admin(request):
        return RedirectResponse(f"/login?next={PAGE}", status_code=303)
    return None


def _authorize_change(request: Request, csrf_token: str) -> None:
    """A change needs the admin, and from a browser the form's CSRF token; a Bearer request has no cookie
    a foreign page could ride on, so it needs none."""
    guard = request.app.state.guard
    if not guard.admin_token or not guard.is_admin(request):
        raise HTTPException(403, "Only the admin may change subscribers; sign in with the admin token first.")
    if not guard.is_bearer(request):
        guard.check_csrf(request, csrf_token)
