"""Scrapy settings for every Signaldesk crawl process (SCRAPY_SETTINGS_MODULE=spiders.settings).

This module is the edge of a crawl process, so it is where the crawl's environment is read:
- SIGNALDESK_HTTP_VALIDATORS: JSON file of ETag/Last-Modified per URL (conditional GET), set by the runner;
  read only.
- SIGNALDESK_FRESH_VALIDATORS: where the crawl writes the validators it received, beside its items; the runner
  makes them current once the items are stored.
- SIGNALDESK_CRAWL_STATUS: where the status extension writes `<key>.status.json`, set by the runner.
- SIGNALDESK_SOURCE_URL: the source's URL, set by the runner here rather than as `-a url=...` on the command
  line, which every local user can read (`ps`) with any `user:pass@` or `?token=` in it. `-a url=...`, when
  given, wins: a crawl started by hand needs no variable.
- SIGNALDESK_CRAWL_LOG_LEVEL: Scrapy's log level (default INFO).
- SIGNALDESK_ALLOW_PRIVATE_SOURCES: let requests reach loopback/private addresses (default false: the SSRF
  guard refuses them, redirects included). The runner passes CrawlOptions.allow_private with `-s`, which wins.
- SIGNALDESK_CRAWL_FAST=1: one retry, short timeouts and backoff, no throttling start delay. For tests
  and the offline demo on loopback, where politeness delays only cost time. The runner sets it from
  CrawlOptions.fast in the environment it builds for the crawl process (pipeline/crawl.py).
"""

from __future__ import annotations

import os

from pydantic import TypeAdapter, ValidationError
from scrapy.settings import default_settings

# The module, not its names: Scrapy would take every upper-case name here for a setting.
from core import fetch_limits

BOT_NAME = "signaldesk"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = fetch_limits.USER_AGENT
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control extension listens for commands like the telnet console: not wanted.
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("SIGNALDESK_CRAWL_LOG_LEVEL", "INFO")

FAST = os.environ.get("SIGNALDESK_CRAWL_FAST") == "1"

# Politeness: few parallel requests per site, AutoThrottle adapts the delay to the site's latency.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0 if FAST else 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.05 if FAST else 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Robustness: bounded time, size and redirects; retries with exponential backoff (spiders.middlewares).
DOWNLOAD_TIMEOUT = 3 if FAST else 30
DNS_TIMEOUT = 3 if FAST else 20
DOWNLOAD_MAXSIZE = fetch_limits.MAX_BODY_BYTES  # `signaldesk sources check` holds a source to it too
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = fetch_limits.MAX_REDIRECTS
RETRY_ENABLED = True
RETRY_TIMES = 1 if FAST else 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 0.05 if FAST else 2.0
RETRY_BACKOFF_MAX = 60.0


def _flag(value: str) -> bool:
    """Read a boolean the way pipeline.settings does, so "yes" means yes in both; unreadable means no."""
    try:
        return TypeAdapter(bool).validate_python(value)
    except ValidationError:
        return False


SIGNALDESK_ALLOW_PRIVATE_SOURCES = _flag(os.environ.get("SIGNALDESK_ALLOW_PRIVATE_SOURCES", "false"))

DOWNLOADER_MIDDLEWARES = {
    # Before RobotsTxtMiddleware (100): a refused host gets no robots.txt request either.
    "spiders.guard.SsrfGuardMiddleware": 50,
    "spiders.middlewares.RetryBackoffMiddleware": 540,
    "spiders.middlewares.ConditionalGetMiddleware": 650,
}
EXTENSIONS = {
    "spiders.extensions.LogRedactionExtension": 0,
    "spiders.extensions.CrawlStatusExtension": 10,
}
# Never used in a one-shot crawl process, and importing them (aiohttp for the remote control, tldextract for
# cookies) costs a fifth of every crawl's start-up. Scrapy imports every component its *_BASE lists name,
# even one disabled with None, to compare it with the others: so they leave the base lists themselves.
_UNUSED = {
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.spiderstate.SpiderState",
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
}
EXTENSIONS_BASE = {k: v for k, v in default_settings.EXTENSIONS_BASE.items() if k not in _UNUSED}
DOWNLOADER_MIDDLEWARES_BASE = {
    k: v for k, v in default_settings.DOWNLOADER_MIDDLEWARES_BASE.items() if k not in _UNUSED
}

SIGNALDESK_VALIDATORS_FILE = os.environ.get("SIGNALDESK_HTTP_VALIDATORS", "")
SIGNALDESK_FRESH_VALIDATORS_FILE = os.environ.get("SIGNALDESK_FRESH_VALIDATORS", "")
SIGNALDESK_STATUS_FILE = os.environ.get("SIGNALDESK_CRAWL_STATUS", "")
SIGNALDESK_SOURCE_URL = os.environ.get("SIGNALDESK_SOURCE_URL", "")
