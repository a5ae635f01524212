"""What a subscriber's fields may hold: one validator for the CLI, the preferences page and the admin page.

Each error names its field (`resource`) and shows a bad value only escaped (repr or terminal_text), so a
control or escape sequence in it is shown, never obeyed. Names and watchlist entries end up in mail headers, the
archive and the operator's terminal, so they are held to `header_text`'s rule: one line, no control
character, and no `=?` that a mail client would read as the start of an encoded-word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core import categories
from core.errors import InputError
from core.safe_text import ENCODED_WORD_START, one_line, terminal_text

MAX_EMAIL = 254
MAX_NAME = 100
MAX_WATCH_ITEM = 100
MAX_WATCHLIST = 50
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(rf"[a-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+")


def clean_email(raw: str | None) -> str:
    """A plain ASCII addr-spec, lower-cased so one person cannot subscribe twice by changing case."""
    email = (raw or "").strip().lower()
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email) or ".." in email:
        raise InputError(
            f"not a valid email address: {(raw or '')[:80]!r} (expected name@example.com)", resource="email"
        )
    return email


def clean_name(raw: str | None) -> str | None:
    """The display name on one line, or None when blank."""
    return _line("name", raw, MAX_NAME) or None


def clean_categories(values: Iterable[str] | str | None) -> list[str]:
    """Known category keys in taxonomy order, each once; an unknown one is an error naming the valid ones."""
    wanted = {value.strip().lower() for value in _items(values)}
    unknown = categories.unknown(wanted)
    if unknown:
        raise InputError(
            f"unknown category {terminal_text(', '.join(unknown))} (choose from {categories.choices_text()})",
            resource="categories",
        )
    return categories.in_order(wanted)


def clean_watchlist(values: Iterable[str] | str | None) -> list[str]:
    """Names to watch in the order given, each on one line, without duplicates (case-insensitive)."""
    names = unique_names(_line("watchlist", value, MAX_WATCH_ITEM) for value in _items(values))
    if len(names) > MAX_WATCHLIST:
        raise InputError(f"at most {MAX_WATCHLIST} names, not {len(names)}", resource="watchlist")
    return names


def unique_names(values: Iterable[str]) -> list[str]:
    """Non-blank names, the first spelling of each kept (compared case-insensitively), in order."""
    seen: set[str] = set()
    result = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def _line(field: str, raw: str | None, limit: int) -> str:
    line = one_line(raw or "")
    if ENCODED_WORD_START in line:
        raise InputError(f"{line[:60]!r} holds '=?', which mail reads as an encoded word", resource=field)
    if len(line) > limit:
        raise InputError(f"{line[:40]!r}... is longer than {limit} characters", resource=field)
    return line


def _items(values: Iterable[str] | str | None) -> list[str]:
    """A comma-separated string (the CLI's form) or a sequence (the web's), blank items dropped."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [value for value in values if value and value.strip()]
