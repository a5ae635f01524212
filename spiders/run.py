"""One crawl process: `python -m spiders.run KIND --output FILE [-a NAME=VALUE ...] [-s NAME=VALUE ...]`.

The runner passes the source URL in the environment (SIGNALDESK_SOURCE_URL, see spiders/settings.py), out of
sight of `ps`; by hand, `-a url=...` does as well.

What `scrapy crawl KIND -O FILE:jsonlines` does, without the scrapy command line: that one imports every
Scrapy command module (the remote-control client brings aiohttp, `check` brings unittest) before it runs
the one asked for, about a seventh of a crawl process's start-up, paid once per source per run. The
reactor, settings priorities and exit status are Scrapy's own: 1 when the crawl could not start.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.crawler import AsyncCrawlerProcess, CrawlerProcess
from scrapy.utils.project import get_project_settings

_ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise SystemExit(f"spiders.run: {flag} wants NAME=VALUE, got {value!r}")
        pairs[name] = setting
    return pairs


def _spider_args(values: list[str], settings) -> dict[str, str]:
    spider_args = _pairs(values, "-a")
    if "url" not in spider_args and settings.get("SIGNALDESK_SOURCE_URL"):
        spider_args["url"] = settings.get("SIGNALDESK_SOURCE_URL")
    return spider_args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.run", description=__doc__.splitlines()[0])
    parser.add_argument("kind", help="spider name (a source kind)")
    parser.add_argument("--output", required=True, help="JSON Lines file for the items (overwritten)")
    parser.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)

    settings = get_project_settings()
    settings.setdict(_pairs(args.settings, "-s"), priority="cmdline")
    settings.set("FEEDS", {args.output: {"format": "jsonlines", "overwrite": True}}, priority="cmdline")
    asyncio = (
        settings["TWISTED_REACTOR"] == _ASYNCIO_REACTOR and not settings.getbool("FORCE_CRAWLER_PROCESS")
    ) or not settings.getbool("TWISTED_REACTOR_ENABLED")
    process = AsyncCrawlerProcess(settings) if asyncio else CrawlerProcess(settings)
    process.crawl(args.kind, **_spider_args(args.spider_args, settings))
    process.start()
    return 1 if process.bootstrap_failed else 0


if __name__ == "__main__":
    sys.exit(main())
