"""What every source spider shares: its arguments, the start request, and errors recorded as values.

Errors go into the crawl's stats (not the log) so the status extension can hand them to the runner as
clear one-line messages naming the URL; a spider never raises on bad input.
"""

from __future__ import annotations

from datetime import UTC, datetime

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from core.errors import SourceError
from core.items import RawItem
from core.urlsecrets import redact_text, split_credentials
from spiders.failures import describe_failure

ERRORS = "signaldesk/errors"
HTTP_STATUS = "signaldesk/http_status"
NOT_MODIFIED = "signaldesk/not_modified"
CONDITIONAL = "signaldesk_conditional"  # request meta: ask with the saved ETag / Last-Modified


def record_error(stats, message: str) -> None:
    errors = stats.get_value(ERRORS)
    if errors is None:
        errors = []
        stats.set_value(ERRORS, errors)
    errors.append(redact_text(message))  # messages reach the public sources page


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SourceSpider(scrapy.Spider):
    """One source, one start URL (`-a source_key=... -a url=...`); subclasses implement parse_source."""

    def __init__(self, source_key: str = "", url: str = "", publication: str = "", **kwargs):
        super().__init__(**kwargs)
        if not source_key or not url:
            raise SourceError(
                "spider needs -a source_key=... and -a url=... (or SIGNALDESK_SOURCE_URL)", resource=self.name
            )
        self.source_key = source_key
        self.url = url
        self.publication = publication or None  # the sources file's name, when the source names nobody

    async def start(self):
        # `user:pass@` leaves the URL (Twisted would not send it) for an Authorization header, which
        # Scrapy's RedirectMiddleware drops when a redirect leaves the scheme, host and port.
        url, authorization = split_credentials(self.url)
        # dont_filter: a redirect loop must reach REDIRECT_MAX_TIMES and be reported, not be silently
        # swallowed by the duplicate filter.
        yield scrapy.Request(
            url,
            callback=self._on_start_response,
            errback=self.on_failure,
            dont_filter=True,
            meta={CONDITIONAL: True},
            headers={"Authorization": authorization} if authorization else None,
        )

    def _on_start_response(self, response: Response):
        self.crawler.stats.set_value(HTTP_STATUS, response.status)
        if response.status == 304:  # ConditionalGetMiddleware has marked the crawl "not modified"
            return
        yield from self.parse_source(response)

    def parse_source(self, response: Response):
        """Each kind's spider yields its RawItems from the source's response here (abstract)."""
        raise NotImplementedError(f"{type(self).__name__} must define parse_source")

    def report(self, message: str) -> None:
        self.logger.warning(redact_text(message))
        record_error(self.crawler.stats, message)

    def on_failure(self, failure: Failure) -> None:
        request = failure.request
        response = getattr(failure.value, "response", None)
        if request.meta.get(CONDITIONAL) and response is not None:
            self.crawler.stats.set_value(HTTP_STATUS, response.status)
        # After redirects, name the URL the source asked for, and where it ended.
        origin = request.meta.get("redirect_urls", [request.url])[0]
        where = origin if origin == request.url else f"{origin} (redirected to {request.url})"
        self.report(f"{where}: {describe_failure(failure, self.crawler.settings)}")

    def item(self, *, url: str, title: str, fetched_at: str, **fields) -> RawItem:
        return RawItem(source_key=self.source_key, url=url, title=title, fetched_at=fetched_at, **fields)
