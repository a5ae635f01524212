"""Canonical URLs: one article, one address, whatever tracking a feed glued onto it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Parameters that only say who sent the reader, never which article it is.
_TRACKING_PREFIXES = ("utm_", "at_", "mc_", "pk_", "hsa_", "_hs", "oly_", "vero_", "mkt_")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "referrer", "source",
    "cmpid", "cmp", "campaign", "ito", "rss", "feed", "guccounter", "guce_referrer", "guce_referrer_sig",
    "smid", "smtyp", "partner", "taid", "xtor", "ncid", "sr_share", "s_cid", "share", "spm", "tpcc", "traffic_source",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted query.

    `base` resolves relative links the way the page that held them would. Non-HTTP URLs come back
    unchanged apart from trimming: the caller decides whether to keep them.
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    netloc = host if parts.port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    # http and https of one article are one article; the stored original URL keeps what was served.
    return urlunsplit(("https", netloc, path, urlencode(query), ""))
