"""Parameters no page can use are refused at the edge, for every route at once.

A control character, or anything else XML 1.0 forbids, in a query parameter or the path is refused with a
400 naming it rather than stripped: stripping would search for something else than was asked, and echo it
in feed titles and links as if it had been asked. Left in, such a character makes the Atom feeds ill-formed,
and PostgreSQL refuses NUL in text outright.
"""

from __future__ import annotations

from fastapi import Request

from core.sanitize import strip_control
from web.errors import error_response


def unreadable_parameter(request: Request) -> tuple[str, str] | None:
    """(name, message) of the first parameter holding a character we refuse, or None."""
    for name, value in (("path", request.url.path), *request.query_params.multi_items()):
        if bad := _refused(name):
            return "query", f"a parameter name contains {bad}, which is not allowed"
        if bad := _refused(value):
            return name, f"contains {bad}, which is not allowed"
    return None


def _refused(text: str) -> str | None:
    # strip_control takes out exactly what is refused here: control characters (tab and line breaks
    # excepted), byte-order marks and whatever else XML 1.0 forbids.
    if strip_control(text) == text:
        return None
    return next(f"U+{ord(c):04X}" for c in text if not strip_control(c))


async def refuse_unreadable_parameters(request: Request, call_next):
    found = unreadable_parameter(request)
    if found is None:
        return await call_next(request)
    name, message = found
    return error_response(request, 400, f"{name}: {message}", field=name)
