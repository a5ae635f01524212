"""The crawl's status file, written when the spider closes (what the runner reports besides the items), and
its log with URL secrets masked."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from core.files import write_atomic
from core.urlsecrets import redact_text
from spiders.base import ERRORS, HTTP_STATUS, NOT_MODIFIED, record_error


class CrawlStatusExtension:
    """`{"source_key", "http_status", "items", "not_modified", "errors", "finish_reason"}` as JSON."""

    def __init__(self, crawler, path: Path):
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SIGNALDESK_STATUS_FILE")
        if not path:
            raise NotConfigured("no SIGNALDESK_CRAWL_STATUS file")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_error, signal=signals.spider_error)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        # Runs after the other spider_closed handlers (e.g. the conditional-GET middleware's) are in.
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_error(self, failure, response) -> None:
        record_error(self.crawler.stats, f"{response.url}: parsing failed ({failure.value!r})")

    def item_error(self, item, response, failure) -> None:
        url = getattr(item, "url", None) or response.url
        record_error(self.crawler.stats, f"{url}: item rejected ({failure.value!r})")

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats
        status = {
            "source_key": getattr(spider, "source_key", spider.name),
            "http_status": stats.get_value(HTTP_STATUS),
            "items": stats.get_value("item_scraped_count", 0),
            "not_modified": bool(stats.get_value(NOT_MODIFIED, False)),
            "errors": list(stats.get_value(ERRORS) or []),
            "finish_reason": reason,
        }
        write_atomic(self.path, json.dumps(status, indent=1))


class LogRedactionExtension:
    """Scrapy logs every request's URL (crawled, retried, redirected); a feed's `?token=` must not reach the
    crawl log, whose last line the runner quotes in its messages. Scrapy replaces its log handler after the
    extensions are built, so the masking goes into the record factory, which every handler's records pass."""

    @classmethod
    def from_crawler(cls, crawler):
        make = logging.getLogRecordFactory()
        if not getattr(make, "redacts_urls", False):

            def redacted(*args, **kwargs) -> logging.LogRecord:
                record = make(*args, **kwargs)
                try:
                    record.msg, record.args = redact_text(record.getMessage()), None
                except (TypeError, ValueError, KeyError):  # a malformed format: logging reports it later
                    pass
                return record

            redacted.redacts_urls = True
            logging.setLogRecordFactory(redacted)
        return cls()
