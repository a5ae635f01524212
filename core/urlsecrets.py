"""Secrets a source URL may carry (`user:pass@`, `?authkey=...`, a token as a path segment): hidden wherever a
URL is shown, and the `user:pass@` pair sent as HTTP basic auth instead of in the URL.

The sources page is public, and crawl messages, CrawlRun rows and logs are read by more people than the
operator who wrote the sources file; `redact_url` is the one rule for all of them. It is safe by default:
a deny-list of secret names always misses one (`passkey`, `hmac`, `pin`, `code`), so every query value is
masked unless its name is on a short allow-list, and so is every run of characters that looks like a token.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"
# Names whose values choose what a feed shows (its format, language, topic, page or order), never who asks;
# a feed URL's secret rides under any other name. Each name added here is shown to everyone: keep it short.
SHOWN_PARAMETERS = frozenset(
    {"format", "type", "lang", "hl", "category", "cat", "tag", "feed", "page", "output", "rss", "view", "sort"}
)
_URL_PARTS = re.compile(
    r"^(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?(?P<path>[^?#]*)"
    r"(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?$",
    re.DOTALL,
)
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@")
# A run of characters a token is written in (base64, base64url, hex, percent-escaped), between the
# separators of a URL (`/`, `.`, `;`, `,`, ...).
_RUN = re.compile(r"(?:[A-Za-z0-9_+=-]|%[0-9A-Fa-f]{2})+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_+/=-]+")
_HEX = re.compile(r"[0-9A-Fa-f]{24,}")
# In free text a URL ends before whitespace, quotes, angle brackets and trailing punctuation.
_URL_IN_TEXT = re.compile(r"""https?://[^\s'"<>]*[^\s'"<>.,:;!?)\]]""", re.IGNORECASE)


def looks_like_token(run: str) -> bool:
    """True for a long random-looking string: 20+ characters holding a digit (`a1b2...`, or Google Alerts'
    20-digit feed ids), 24+ hex digits, or 24+ base64 characters in mixed case without word separators."""
    text = unquote(run)
    if not _TOKEN_CHARS.fullmatch(text):
        return False
    if len(text) >= 20 and any(c.isdigit() for c in text):
        return True
    mixed_case = text != text.lower() and text != text.upper() and not re.search(r"[-_]", text)
    return len(text) >= 24 and (_HEX.fullmatch(text) is not None or mixed_case)


def _mask_tokens(text: str) -> str:
    return _RUN.sub(lambda m: MASK if looks_like_token(m[0]) else m[0], text)


def _mask_parameter(part: str) -> str:
    name, equals, value = part.partition("=")
    if not equals:
        return _mask_tokens(part)
    shown = unquote(name).strip().lower() in SHOWN_PARAMETERS
    return f"{_mask_tokens(name)}={_mask_tokens(value) if shown or not value else MASK}"


def _mask_query(query: str) -> str:
    return re.sub(r"[^&;]+", lambda m: _mask_parameter(m[0]), query)


def redact_url(url: str) -> str:
    """`url` with its userinfo as `***@`, every query or fragment value as `***` unless its name is in
    SHOWN_PARAMETERS, and every token-looking run of its path as `***`."""
    parts = _URL_PARTS.match(url)
    head = _USERINFO.sub(rf"\1{MASK}@", parts["head"] or "", count=1)
    shown = head + _mask_tokens(parts["path"])
    if parts["query"] is not None:
        shown += "?" + _mask_query(parts["query"])
    if parts["fragment"] is not None:
        shown += "#" + _mask_query(parts["fragment"])
    return shown


def redact_text(text: str) -> str:
    """Every http(s) URL in a message redacted as `redact_url` does."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m[0]), text)


def split_credentials(url: str) -> tuple[str, str | None]:
    """(`url` without `user:pass@`, the `Authorization` value for HTTP basic auth or None)."""
    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:
        return url, None
    if user is None and password is None:
        return url, None
    netloc = parts.netloc.rpartition("@")[2]
    pair = f"{unquote(user or '')}:{unquote(password or '')}".encode()
    return urlunsplit(parts._replace(netloc=netloc)), "Basic " + base64.b64encode(pair).decode("ascii")
