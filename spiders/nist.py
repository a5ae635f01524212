"""NIST news or events listing (`article.nist-teaser`), following each teaser to its page for body and date.

When an article page cannot be fetched the teaser still becomes an item (title, link, date and teaser
text from the listing), so a broken page never loses what the listing told us.
"""

from __future__ import annotations

import scrapy
from scrapy.http import Response

from core.canonical import join_url
from spiders.base import SourceSpider, utc_now

_TEASERS = "article.nist-teaser"
_TEASER_LINK = "h3.nist-teaser__title a"
_TEASER_TEXT = "div.nist-teaser__content-wrapper"
# The wrapper also holds the title and the date in some layouts: keep only the teaser text.
_TEASER_BODY = "./node()[not(self::h3) and not(descendant-or-self::time)]"
_PAGE_TITLE = "h1.nist-page__title"
_PAGE_BODY = ("section.nist-page__content .text-with-summary", "section.nist-page__content", ".text-with-summary")
_PAGE_TAGS = ".nist-tags a::text"
_PUBLICATION = "NIST"  # the outlet, whatever the sources file calls the listing


class NistSpider(SourceSpider):
    name = "nist"

    def parse_source(self, response: Response):
        teasers = response.css(_TEASERS)
        if not teasers:
            self.report(f"{response.url}: no NIST teasers (article.nist-teaser) on the listing page")
            return
        for position, teaser in enumerate(teasers, start=1):
            found = _teaser(response, teaser)
            if not found["url"]:
                self.report(f"{response.url}: teaser {position} has no usable title link; skipped")
                continue
            yield scrapy.Request(
                found["url"], callback=self.parse_page, errback=self.page_failed, cb_kwargs={"teaser": found}
            )

    def parse_page(self, response: Response, teaser: dict):
        body = next((html for html in (response.css(sel).get() for sel in _PAGE_BODY) if html), "")
        if not body:
            self.report(f"{response.url}: article page has no body (section.nist-page__content); kept the teaser")
        yield self.item(
            url=response.url,
            title=response.css(_PAGE_TITLE).xpath("normalize-space()").get() or teaser["title"],
            summary_html=teaser["summary_html"],
            body_html=body,
            publication=_PUBLICATION,
            published=response.css("time::attr(datetime)").get() or teaser["published"],
            tags=[t.strip() for t in response.css(_PAGE_TAGS).getall() if t.strip()],
            fetched_at=utc_now(),
            extra={"listing": teaser["listing"]},
        )

    def page_failed(self, failure):
        self.on_failure(failure)
        teaser = failure.request.cb_kwargs["teaser"]
        self.report(f"{teaser['url']}: kept the listing's teaser instead of the article page")
        return self.item(
            url=teaser["url"],
            title=teaser["title"],
            summary_html=teaser["summary_html"],
            publication=_PUBLICATION,
            published=teaser["published"],
            fetched_at=utc_now(),
            extra={"listing": teaser["listing"]},
        )


def _teaser(response: Response, teaser) -> dict:
    href = teaser.css(_TEASER_LINK).xpath("@href").get()
    return {
        "url": join_url(response.url, href) if href else None,
        "title": teaser.css(_TEASER_LINK).xpath("normalize-space()").get() or "",
        "published": teaser.css("time::attr(datetime)").get() or teaser.css("time::text").get(),
        "summary_html": "".join(teaser.css(_TEASER_TEXT).xpath(_TEASER_BODY).getall()).strip(),
        "listing": response.url,
    }
