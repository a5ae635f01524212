"""The category colours as a stylesheet, written from the category registry: a new category brings its chip
and chart colours without an edit to web/static/style.css (the CSP allows no inline styles, so it is a file
of its own)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from core.categories import REGISTRY

router = APIRouter()


def category_css() -> str:
    """A colour variable per category, and the chip and chart-bar rules that use it."""
    variables = " ".join(f"--{c.key}: {c.colour};" for c in REGISTRY)
    rules = [
        f".chip.c-{c.key} {{ background: var(--{c.key}); }} .chart rect.c-{c.key} {{ fill: var(--{c.key}); }}"
        for c in REGISTRY
    ]
    return "\n".join([f":root {{ {variables} }}", *rules]) + "\n"


_CSS = category_css()  # the registry is fixed for the life of the process


@router.get("/categories.css", include_in_schema=False)
def categories_css() -> Response:
    return Response(_CSS, media_type="text/css; charset=utf-8")
