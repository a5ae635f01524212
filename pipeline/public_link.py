"""SIGNALDESK_PUBLIC_URL: the archive's address, which every unsubscribe, preferences and archive link starts with.

Checked once, when settings load: a value like `javascript:alert(1)` would otherwise go out in List-Unsubscribe
and lose its href in the HTML mail, and a malformed one would fail only once a message is built, when the
error could hold a subscriber's link and its token. Only what RFC 8058's List-Unsubscribe can carry plainly
passes: printable ASCII, no comma, no userinfo, query or fragment (the links add a path of their own).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# RFC 3986's characters, less the comma (it separates List-Unsubscribe's links) and ? # (no query or fragment).
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/\[\]@!$&'()*+;=%]*")


def public_base_url(value: str) -> str:
    """`value` as a base for links, without its trailing slash; ValueError naming what is wrong."""
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError("contains whitespace or control characters")
    if not value.isascii():
        raise ValueError("must be ASCII (an international host name in its xn-- form, a path percent-encoded)")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.lower().startswith(f"{parts.scheme}://"):
        raise ValueError("must be an absolute http:// or https:// URL")
    if "?" in value or "#" in value:
        raise ValueError("must have no query (?) or fragment (#)")
    if "@" in parts.netloc:
        raise ValueError("must have no user name or password")
    if not _URL_CHARACTERS.fullmatch(value):
        raise ValueError("holds a character a URL must percent-encode, or a comma")
    if not parts.hostname or not _valid_port(parts):
        raise ValueError("needs a host (and, if given, a port between 1 and 65535)")
    return (parts.scheme + value[len(parts.scheme) :]).rstrip("/")  # a lower-case scheme: "https://" tests hold


def _valid_port(parts) -> bool:
    try:
        port = parts.port
    except ValueError:
        return False
    return port is None or port > 0
