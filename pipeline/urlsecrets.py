"""Secrets a source URL may carry (`user:pass@`, `?token=...`): hidden wherever a URL is shown, and the
`user:pass@` pair sent as HTTP basic auth instead of in the URL.

The sources page is public, and crawl messages, CrawlRun rows and logs are read by more people than the
operator who wrote the sources file; `redact_url` is the one rule for all of them.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"
# A parameter is secret when one of its words (split at _ - . and case changes) is a short secret word, or
# its name contains a long one anywhere ("xApiKey", "AccessTokenV2").
_SECRET_WORDS = {"key", "pass", "pwd", "sig", "auth", "session", "sid", "jwt", "otp"}
_SECRET_PARTS = ("token", "secret", "password", "passwd", "apikey", "signature", "credential", "bearer")
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@")
_PARAM = re.compile(r"([?&;])([^=&;#]*)=([^&;#]*)")
# In free text a URL ends before whitespace, quotes, angle brackets and trailing punctuation.
_URL_IN_TEXT = re.compile(r"""https?://[^\s'"<>]*[^\s'"<>.,:;!?)\]]""", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    name = unquote(name)
    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    words = re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower())
    return any(part in flat for part in _SECRET_PARTS) or any(word in _SECRET_WORDS for word in words)


def redact_url(url: str) -> str:
    """`url` with its userinfo as `***@` and the values of secret-looking query parameters as `***`."""
    url = _USERINFO.sub(rf"\1{MASK}@", url, count=1)
    return _PARAM.sub(lambda m: f"{m[1]}{m[2]}={MASK}" if is_secret_name(m[2]) else m[0], url)


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
