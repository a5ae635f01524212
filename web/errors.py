"""Every refusal is a clear 4xx: an HTML page for people, JSON under /api, never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException

from core.errors import InputError, SignaldeskError
from web.security import HEADERS

log = logging.getLogger(__name__)
TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Unavailable",
}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SignaldeskError, _store_error)
    app.add_exception_handler(Exception, _unexpected)


def error_response(request: Request, status: int, message: str, *, field: str | None = None, headers=None):
    if request.url.path.startswith("/api/"):
        body = {"detail": message} | ({"field": field} if field else {})
        return JSONResponse(body, status_code=status, headers=headers)
    if request.url.path.startswith("/feeds/") or request.url.path.endswith(".csv"):
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)
    from web.templating import render

    response = render(request, "error.html", status_code=status, title=TITLES.get(status, "Error"), message=message)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


async def _input_error(request: Request, exc: InputError):
    return error_response(request, 400, str(exc), field=exc.resource)


async def _validation_error(request: Request, exc: RequestValidationError):
    first = exc.errors()[0] if exc.errors() else {}
    field = str(first.get("loc", ["", "value"])[-1])
    return error_response(request, 400, f"{field}: {first.get('msg', 'invalid value')}", field=field)


async def _http_error(request: Request, exc: HTTPException):
    return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


async def _store_error(request: Request, exc: SignaldeskError):
    log.error("archive request failed: %s", exc)
    return error_response(request, 503, "The archive store is not available right now.")


async def _unexpected(request: Request, exc: Exception):
    # Starlette answers these outside every middleware (and re-raises for the server to log), so the
    # security headers are not added on the way out: they are added here.
    try:
        response = error_response(request, 500, "Something went wrong on our side; it has been logged.")
    except Exception:  # the page may need what just failed (the store, say): a plain answer will do
        response = PlainTextResponse("Something went wrong on our side; it has been logged.\n", status_code=500)
    response.headers.update(HEADERS)
    return response
