"""Admin login and logout: the admin token exchanged for a session kept in the store, named by a signed cookie."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from web.security import SESSION_COOKIE, SESSION_MAX_AGE, safe_next
from web.templating import render

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/"):
    return render(request, "login.html", next=safe_next(next), failed=False)


@router.post("/login", include_in_schema=False)
def login(request: Request, token: str = Form(""), csrf_token: str = Form(""), next: str = Form("/")):
    guard = request.app.state.guard
    guard.check_csrf(request, csrf_token)
    if not guard.attempt(request, token):
        return render(request, "login.html", next=safe_next(next), failed=True, status_code=403)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        guard.start_session(),
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=guard.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf_token: str = Form("")):
    guard = request.app.state.guard
    guard.check_csrf(request, csrf_token)
    # Deleting the cookie only asks this browser to forget it; ending the stored session revokes any copy.
    guard.end_session(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
