"""GET with the SSRF rule on every hop, for the product's requests outside a crawl (`signaldesk sources check`).

httpx would follow a redirect to 169.254.169.254 without asking; here redirects are followed by hand, each
target checked by pipeline.netguard before a byte is sent to it, at most MAX_REDIRECTS of them (as the crawl's
REDIRECT_MAX_TIMES). `user:pass@` in the URL goes as basic auth, and only to the origin it was written for.
"""

from __future__ import annotations

import httpx

from pipeline.errors import SourceError
from pipeline.netguard import check_public_url
from pipeline.urlsecrets import redact_url, split_credentials

MAX_REDIRECTS = 5


def guarded_get(client: httpx.Client, url: str, *, allow_private: bool,
                max_redirects: int = MAX_REDIRECTS) -> httpx.Response:
    """The first non-redirect answer. ConfigError when a hop is not allowed, SourceError on too many hops;
    `client` must not follow redirects itself."""
    url, authorization = split_credentials(url)
    origin = _origin(httpx.URL(url))
    for _ in range(max_redirects + 1):
        check_public_url(url, allow_private=allow_private)
        target = httpx.URL(url)
        headers = {"Authorization": authorization} if authorization and _origin(target) == origin else {}
        response = client.get(target, headers=headers)
        location = response.headers.get("Location")
        if not response.is_redirect or not location:
            return response
        url = str(target.join(location))
    raise SourceError(f"more than {max_redirects} redirects", resource=redact_url(str(response.url)))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default
