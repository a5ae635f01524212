"""Jinja2 with autoescape on, plus the filters the pages need; HTML from the store passes nh3 again."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from core import categories
from core.amount_roles import with_role
from core.sanitize import sanitize_html
from web.queries.params import AMOUNT_CHOICES

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
env = templates.env


def _sanitized(html: str | None) -> Markup:
    # Briefing HTML is sanitized upstream; cleaning again here keeps one bad writer from becoming XSS.
    return Markup(sanitize_html(html or ""))


def _when(value: datetime | date | None, tz=None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(tz) if tz else value
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _shorten(text: str | None, limit: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


env.filters.update(
    sanitized=_sanitized,
    when=_when,
    shorten=_shorten,
    urlpart=lambda s: quote(str(s), safe=""),
    qs=lambda pairs: urlencode(list(pairs)),
)
# The category registry: templates list CATEGORIES (the keys, in order) and look a key up in CATEGORY.
env.globals.update(
    CATEGORIES=categories.CATEGORIES,
    CATEGORY=categories.BY_KEY,
    AMOUNT_CHOICES=list(AMOUNT_CHOICES),
    amount_shown=with_role,
)


def render(request: Request, template: str, *, status_code: int = 200, **context):
    guard = request.app.state.guard
    context.update(
        csrf_token=guard.csrf_token(request),
        is_admin=guard.is_admin(request),
        tz=request.app.state.settings.tz,
        path=request.url.path,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)
