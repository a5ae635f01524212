"""Run now: choose a date, categories, sources and dry-run, start a run, then follow it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session, select

from core.errors import InputError
from models.tables import Source
from pipeline.dates import parse_day, yesterday
from web.deps import get_session
from web.queries.params import parse_signal_query
from web.runs import RunRequest
from web.templating import render

router = APIRouter()
REFRESH_SECONDS = 2


@router.get("/runs/new", include_in_schema=False)
def new_run(request: Request, session: Session = Depends(get_session)):
    guard = request.app.state.guard
    sources = session.exec(select(Source).where(Source.enabled).order_by(Source.name)).all()
    return render(
        request,
        "run_new.html",
        configured=bool(guard.admin_token),
        allowed=guard.is_admin(request),
        default_day=yesterday(request.app.state.settings.tz),
        sources=sources,
        backend=request.app.state.launcher.backend,
    )


@router.post("/runs", include_in_schema=False)
def start_run(
    request: Request,
    day: str = Form(""),
    categories: list[str] = Form([]),
    sources: list[str] = Form([]),
    dry_run: str | None = Form(None),
    csrf_token: str = Form(""),
):
    _require_admin(request)
    if not request.app.state.guard.is_bearer(request):
        request.app.state.guard.check_csrf(request, csrf_token)
    wait = request.app.state.run_limiter.retry_after(request.app.state.guard.client(request))
    if wait:
        raise HTTPException(
            429, f"Runs are limited to a few a minute; try again in {wait} seconds.", headers={"Retry-After": str(wait)}
        )
    if not day.strip():
        raise InputError("choose a date", resource="day")
    checked = parse_signal_query(category=categories, source=sources)
    run = RunRequest(
        day=parse_day(day, "date"), categories=checked.categories, sources=checked.sources, dry_run=dry_run is not None
    )
    run_id = request.app.state.launcher.start(run)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


@router.get("/runs/{run_id}", include_in_schema=False)
def run_page(run_id: str, request: Request):
    _require_admin(request)
    status = request.app.state.launcher.status(run_id)
    if status is None:
        raise HTTPException(404, "There is no run with that id.")
    return render(request, "run.html", run=status, refresh=None if status.done else REFRESH_SECONDS)


def _require_admin(request: Request) -> None:
    guard = request.app.state.guard
    if not guard.admin_token:
        raise HTTPException(403, "Run now is switched off: set SIGNALDESK_ADMIN_TOKEN and restart the app.")
    if not guard.is_admin(request):
        raise HTTPException(401, "Sign in with the admin token first (or send Authorization: Bearer).")
