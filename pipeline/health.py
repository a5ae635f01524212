"""Live health of a source: fetch it once and say whether it still serves what its kind expects.

Used by `signaldesk sources check`; never by the test suite against the live web.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx

from pipeline.sources import SourceSpec

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


def check_source(spec: SourceSpec, *, timeout: float = 20.0) -> Health:
    started = time.monotonic()
    try:
        with httpx.Client(follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client:
            response = client.get(spec.url)
    except httpx.HTTPError as exc:
        return Health(spec.key, False, None, time.monotonic() - started, 0, f"{type(exc).__name__}: {exc}")
    elapsed = time.monotonic() - started
    if response.status_code >= 400:
        return Health(spec.key, False, response.status_code, elapsed, 0, f"HTTP {response.status_code}")
    try:
        items = _count(spec.kind, response.content)
    except (ValueError, AttributeError) as exc:
        return Health(spec.key, False, response.status_code, elapsed, 0, f"unreadable {spec.kind}: {exc}")
    detail = f"{len(response.content):,} bytes" if items else f"no {spec.kind} items found"
    return Health(spec.key, items > 0, response.status_code, elapsed, items, detail)
