"""Live health of a source: fetch it once and say whether it still serves what its kind expects.

Used by `signaldesk sources check`; never by the test suite against the live web.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx

from pipeline.errors import ConfigError, SignaldeskError
from pipeline.guarded_http import guarded_get
from pipeline.sources import SourceSpec
from pipeline.urlsecrets import redact_text

USER_AGENT = "Signaldesk/0.1 (+https://github.com/signaldesk/signaldesk; source health check)"


@dataclass
class Health:
    key: str
    ok: bool
    status: int | None
    seconds: float
    items: int
    detail: str


def _count(kind: str, body: bytes) -> int:
    if kind == "feed":
        import feedparser

        return len(feedparser.parse(body).entries)
    if kind == "kev":
        return len(json.loads(body).get("vulnerabilities", []))
    if kind == "nist":
        return body.count(b"nist-teaser__title")
    return body.count(b'CLASS="clus"') + body.count(b'class="clus"')


def check_source(spec: SourceSpec, *, allow_private: bool = False, timeout: float = 20.0) -> Health:
    """Fetch the source once, each redirect hop held to the SSRF rule (`allow_private` as the crawl's)."""
    started = time.monotonic()
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
            response = guarded_get(client, spec.url, allow_private=allow_private)
    except httpx.HTTPError as exc:
        return _failed(spec, started, None, redact_text(f"{type(exc).__name__}: {exc}"))
    except SignaldeskError as exc:
        return _failed(spec, started, None, f"refused: {exc}" if isinstance(exc, ConfigError) else str(exc))
    elapsed = time.monotonic() - started
    if response.status_code >= 400:
        return _failed(spec, started, response.status_code, f"HTTP {response.status_code}")
    try:
        items = _count(spec.kind, response.content)
    except (ValueError, AttributeError) as exc:
        return _failed(spec, started, response.status_code, f"unreadable {spec.kind}: {exc}")
    detail = f"{len(response.content):,} bytes" if items else f"no {spec.kind} items found"
    return Health(spec.key, items > 0, response.status_code, elapsed, items, detail)


def _failed(spec: SourceSpec, started: float, status: int | None, detail: str) -> Health:
    return Health(spec.key, False, status, time.monotonic() - started, 0, detail)
