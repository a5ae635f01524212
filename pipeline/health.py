"""Live health of a source: fetch it once and say whether it still serves what its kind expects.

Used by `signaldesk sources check`; never by the test suite against the live web. One check is bounded as a
crawl is: by the crawl's body size limit, and by a total time for everything (each redirect hop, the
headers, the body; a name lookup only as far as the system resolver's own timeout), which httpx's timeouts
are not: they bound each read, and a source sending one byte a second answers every read in time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from core.errors import ConfigError, SignaldeskError
from core.fetch_limits import USER_AGENT
from core.kinds import BY_KEY
from core.urlsecrets import redact_text
from pipeline.guarded_http import guarded_stream, read_capped
from pipeline.sources import SourceSpec


@dataclass
class Health:
    key: str
    ok: bool
    status: int | None
    seconds: float
    items: int
    detail: str


async def _fetch(url: str, allow_private: bool, timeout: float) -> tuple[int, bytes]:
    """(status, body); the body is empty for an error status, which is all the check reports of it."""
    client = httpx.AsyncClient(follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT})
    async with asyncio.timeout(timeout), client, guarded_stream(client, url, allow_private=allow_private) as response:
        if response.status_code >= 400:
            return response.status_code, b""
        return response.status_code, await read_capped(response)


def check_source(spec: SourceSpec, *, allow_private: bool = False, timeout: float = 20.0) -> Health:
    """Fetch the source once, each redirect hop held to the SSRF rule (`allow_private` as the crawl's), all of
    it within `timeout` seconds."""
    started = time.monotonic()
    # A kind the registry does not know is refused before any request, never read as another kind's markup.
    kind = BY_KEY.get(spec.kind)
    if kind is None:
        return _failed(spec, started, None, f"unknown kind {spec.kind!r} (known: {', '.join(BY_KEY)})")
    try:
        status, body = asyncio.run(_fetch(spec.url, allow_private, timeout))
    except TimeoutError:
        return _failed(spec, started, None, f"timed out after {timeout:g}s")
    except httpx.HTTPError as exc:
        return _failed(spec, started, None, redact_text(f"{type(exc).__name__}: {exc}"))
    except SignaldeskError as exc:
        return _failed(spec, started, None, f"refused: {exc}" if isinstance(exc, ConfigError) else str(exc))
    elapsed = time.monotonic() - started
    if status >= 400:
        return _failed(spec, started, status, f"HTTP {status}")
    try:
        items = kind.count(body)
    except (ValueError, AttributeError) as exc:
        return _failed(spec, started, status, f"unreadable {spec.kind}: {exc}")
    detail = f"{len(body):,} bytes" if items else f"no {spec.kind} items found"
    return Health(spec.key, items > 0, status, elapsed, items, detail)


def _failed(spec: SourceSpec, started: float, status: int | None, detail: str) -> Health:
    return Health(spec.key, False, status, time.monotonic() - started, 0, detail)
