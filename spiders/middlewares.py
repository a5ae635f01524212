"""Downloader middlewares: exponential backoff between retries, and conditional GET."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from core.validators import ValidatorStore
from spiders.base import CONDITIONAL, ERRORS, NOT_MODIFIED


class RetryBackoffMiddleware:
    """Waits base * 2**(n-1) seconds (capped) before the n-th retry that RetryMiddleware scheduled.

    Scrapy's RetryMiddleware re-queues at once; a server answering 429/503 deserves a pause. The wait
    happens before the request enters its download slot, so other requests are not held up.
    """

    def __init__(self, base: float, cap: float):
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        return cls(
            crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0), crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        )

    async def process_request(self, request):
        attempt = request.meta.get("retry_times", 0)
        if attempt:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (attempt - 1)))
        return None


class ConditionalGetMiddleware:
    """Sends If-None-Match / If-Modified-Since on the start request; a 304 marks the crawl not modified.

    Asks with the current validators and writes those of a fresh response to a separate file beside the
    items, never to the current one (core.validators says why). Nothing is written when the crawl had
    errors, so a response that failed to parse is downloaded in full next time.
    """

    def __init__(self, crawler, current: ValidatorStore, fresh_path: Path):
        self.crawler = crawler
        self.store = current
        self.fresh_path = fresh_path
        self.fresh: dict[str, dict[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        current = crawler.settings.get("SIGNALDESK_VALIDATORS_FILE")
        fresh = crawler.settings.get("SIGNALDESK_FRESH_VALIDATORS_FILE")
        if not current or not fresh:
            raise NotConfigured("no SIGNALDESK_HTTP_VALIDATORS or SIGNALDESK_FRESH_VALIDATORS file")
        middleware = cls(crawler, ValidatorStore(Path(current)), Path(fresh))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request):
        if not request.meta.get(CONDITIONAL):
            return None
        allowed = request.meta.setdefault("handle_httpstatus_list", [])
        if 304 not in allowed:
            allowed.append(304)
        saved = self.store.get(request.url)
        if saved.get("etag"):
            request.headers.setdefault("If-None-Match", saved["etag"])
        if saved.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", saved["last_modified"])
        return None

    def process_response(self, request, response):
        if not request.meta.get(CONDITIONAL):
            return response
        if response.status == 304:
            self.crawler.stats.set_value(NOT_MODIFIED, True)
        elif 200 <= response.status < 300:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if etag or modified:
                self.fresh[request.url] = {
                    k: v.decode("latin-1") for k, v in (("etag", etag), ("last_modified", modified)) if v
                }
        return response

    def spider_closed(self) -> None:
        if self.fresh and not self.crawler.stats.get_value(ERRORS):
            fresh = ValidatorStore(self.fresh_path)
            fresh.update(self.fresh)
            fresh.save()
