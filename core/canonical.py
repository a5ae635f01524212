"""Canonical URLs: one article, one address, whatever tracking a feed glued onto it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

# Parameters that only say who sent the reader, never which article it is.
_TRACKING_PREFIXES = ("utm_", "at_", "mc_", "pk_", "hsa_", "_hs", "oly_", "vero_", "mkt_")
_TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "ref",
    "ref_src",
    "referrer",
    "source",
    "cmpid",
    "cmp",
    "campaign",
    "ito",
    "rss",
    "feed",
    "guccounter",
    "guce_referrer",
    "guce_referrer_sig",
    "smid",
    "smtyp",
    "partner",
    "taid",
    "xtor",
    "ncid",
    "sr_share",
    "s_cid",
    "share",
    "spm",
    "tpcc",
    "traffic_source",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Spaces and control characters in a path are percent-encoded, as browsers send them: left raw, a trailing one
# would be trimmed when the canonical URL is read again, and canonicalizing twice would change the address.
_UNSAFE_IN_PATH = re.compile(r"[\s\x00-\x1f\x7f]")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def join_url(base: str, href: str | None) -> str | None:
    """`href` resolved against the page it was found on; None when it cannot be read as a URL at all.

    urljoin raises ValueError on a broken authority ("//[if IE]", a port of 99999); a spider reports the
    item and goes on rather than losing the rest of the page.
    """
    try:
        return urljoin(base, (href or "").strip())
    except ValueError:
        return None


def canonical_url(url: str, base: str | None = None) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted query.

    `base` resolves relative links the way the page that held them would. Non-HTTP URLs come back
    unchanged apart from trimming: the caller decides whether to keep them. A URL that cannot be parsed
    (bad port, broken IPv6 brackets) or an http(s) URL without a host comes back empty: no usable address.
    """
    url = (url or "").strip()
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return url
        # hostname keeps the case of anything after a "%" (an IPv6 zone): lower-case all of it.
        host, port = (parts.hostname or "").lower().rstrip("."), parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    path = _UNSAFE_IN_PATH.sub(lambda m: quote(m.group(0), safe=""), parts.path).rstrip("/") or "/"
    # http and https of one article are one article; the stored original URL keeps what was served.
    return urlunsplit(("https", _netloc(host, port, scheme), path, urlencode(query), ""))


def _netloc(host: str, port: int | None, scheme: str) -> str:
    # Repeated "www." prefixes go in one pass, so canonicalizing a canonical URL changes nothing.
    while host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    if ":" in host:
        host = f"[{host}]"  # urlsplit's hostname drops an IPv6 literal's brackets
    # The result is always https, so 443 is its default port too, whatever the scheme was.
    if port is None or port in (_DEFAULT_PORTS[scheme], _DEFAULT_PORTS["https"]):
        return host
    return f"{host}:{port}"
