"""GET with the SSRF rule on every hop, for the product's requests outside a crawl (`signaldesk sources check`).

httpx would follow a redirect to 169.254.169.254 without asking; here redirects are followed by hand, each
target checked by core.netguard before a byte is sent to it, at most MAX_REDIRECTS of them (the crawl's
REDIRECT_MAX_TIMES). `user:pass@` in the URL goes as basic auth, and only to the origin it was written for.
The body is streamed and given up past MAX_BODY_BYTES (the crawl's DOWNLOAD_MAXSIZE), as soon as a
Content-Length announces more or the bytes read exceed it, so a 100 MB answer never sits in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from core.errors import SourceError
from core.fetch_limits import MAX_BODY_BYTES, MAX_REDIRECTS, size_limit_text
from core.netguard import check_public_url
from core.urlsecrets import redact_url, split_credentials


@asynccontextmanager
async def guarded_stream(
    client: httpx.AsyncClient, url: str, *, allow_private: bool, max_redirects: int = MAX_REDIRECTS
) -> AsyncIterator[httpx.Response]:
    """The first non-redirect answer, its body not yet read. ConfigError when a hop is not allowed,
    SourceError on too many hops; `client` must not follow redirects itself."""
    url, authorization = split_credentials(url)
    origin = _origin(httpx.URL(url))
    for _ in range(max_redirects + 1):
        check_public_url(url, allow_private=allow_private)
        target = httpx.URL(url)
        headers = {"Authorization": authorization} if authorization and _origin(target) == origin else {}
        async with client.stream("GET", target, headers=headers) as response:
            location = response.headers.get("Location")
            if not response.is_redirect or not location:
                yield response
                return
        url = str(target.join(location))
    raise SourceError(f"more than {max_redirects} redirects", resource=redact_url(str(response.url)))


async def read_capped(response: httpx.Response, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, or SourceError as soon as it is known to be larger than `max_bytes`."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(size_limit_text(max_bytes), resource=redact_url(str(response.url)))
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise SourceError(size_limit_text(max_bytes), resource=redact_url(str(response.url)))
    return bytes(body)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default
