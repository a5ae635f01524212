"""SSRF guard for every request a crawl makes: the source URL, each redirect, each followed page, robots.txt.

The runner checks a source's URL before its crawl starts (pipeline.ingest.crawl_one), but a public feed can
answer `302 Location: http://169.254.169.254/...`. Scrapy's RedirectMiddleware (and MetaRefreshMiddleware)
turn that answer into a new Request that goes back through the scheduler and then through every downloader
middleware's process_request, so a middleware placed before RobotsTxtMiddleware sees each hop before any
byte is sent to it, robots.txt included. The rule is core.netguard's: one rule for the runner and here.

A refused request raises PrivateAddressRefused (an IgnoreRequest): Scrapy hands it to the request's errback,
which records it in the crawl status as "<source URL> (redirected to <target>): request dropped: refused...".
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable

from scrapy.exceptions import IgnoreRequest

from core.errors import ConfigError
from core.netguard import check_public_url, http_host, resolve
from core.urlsecrets import redact_url

ALLOW_SETTING = "SIGNALDESK_ALLOW_PRIVATE_SOURCES"


class PrivateAddressRefused(IgnoreRequest):
    """A request to a loopback, private, link-local or otherwise internal address, or not http(s)."""


class SsrfGuardMiddleware:
    """Refuses requests whose host is or resolves to an internal address, unless private sources are allowed.

    `resolver` maps a host name to its addresses (netguard.resolve by default); tests inject a fake one.
    """

    def __init__(self, *, allow_private: bool, resolver: Callable[[str], list[str]] = resolve):
        self.allow_private = allow_private
        self.resolver = resolver

    @classmethod
    def from_crawler(cls, crawler):
        return cls(allow_private=crawler.settings.getbool(ALLOW_SETTING, False))

    async def process_request(self, request):
        if self.allow_private:
            return None
        # A DNS lookup can take seconds: do it off the reactor thread so other downloads keep going.
        await asyncio.to_thread(self.check, request.url)
        return None

    def check(self, url: str) -> None:
        """Raise PrivateAddressRefused unless `url` is http(s) and every address its host names is public."""
        host = http_host(url)
        if not host:
            raise PrivateAddressRefused(f"refused by the SSRF guard: not an http(s) URL: {redact_url(url)}")
        try:
            addresses = [host] if _is_ip(host) else self.resolver(host)
            for address in addresses:
                check_public_url(f"http://{_bracketed(address)}/", resource=host)
        except ConfigError as exc:
            raise PrivateAddressRefused(f"refused by the SSRF guard: {exc}") from None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address
