"""Techmeme feed items: the original article, outlet and author hidden in a permalink item.

A Techmeme feed item links to Techmeme's permalink; the article itself is the `<B><A HREF>` of the
description, and the outlet is in the `(Author/Publication)` suffix of the title and in the byline
`Author / <A HREF=home>Publication</A>:` after the permalink icon (see the sources INDEX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsel import Selector

PERMALINK = re.compile(r"techmeme\.com/(\d{6})/p(\d+)", re.IGNORECASE)
_CREDIT = re.compile(r"^(?P<headline>.*?\S)\s*\((?P<credit>[^()]+)\)\s*$", re.DOTALL)


def is_permalink(url: str | None) -> bool:
    return bool(url and PERMALINK.search(url))


@dataclass
class TechmemeCredit:
    headline: str
    article_url: str | None = None
    author: str | None = None
    publication: str | None = None
    extra: dict = field(default_factory=dict)


def split_title(title: str) -> tuple[str, str | None, str | None]:
    """'Headline (Author/Publication)' -> (headline, author, publication); no suffix -> (title, None, None)."""
    match = _CREDIT.match(title or "")
    if not match:
        return title, None, None
    credit = match.group("credit").strip()
    if not credit.replace("/", "").strip():
        return title, None, None  # "(/)" or "( )" names nobody: it stays part of the headline
    # The first slash separates author from outlet: outlet names carry slashes more often than people.
    author, slash, publication = credit.partition("/")
    if not slash:
        return match.group("headline"), None, credit
    return match.group("headline"), author.strip() or None, publication.strip() or None


def read_description(html: str) -> dict:
    """Article link, byline author and publication (with its home page) from the description HTML."""
    if not html or "<" not in html:
        return {}
    sel = Selector(text=html)
    found: dict = {}
    article = sel.xpath("//b//a/@href").get()
    if article:
        found["article_url"] = article.strip()
    permalink = sel.xpath('//a[translate(@title, "TECHMEPRALINK", "techmepralink")="techmeme permalink"]')
    outlet = permalink.xpath("following-sibling::a[1]")
    if outlet:
        # normalize-space() trims XML whitespace only; Python's strip also takes the control characters.
        found["publication"] = (outlet.xpath("normalize-space()").get() or "").strip() or None
        found["publication_url"] = outlet.xpath("@href").get()
        byline = outlet.xpath("preceding-sibling::text()[1]").get() or ""
        author = byline.strip().rstrip("/").strip()
        found["author"] = author or None
    return found


def credit_for(title: str, description_html: str, permalink: str) -> TechmemeCredit:
    headline, author, publication = split_title(title)
    found = read_description(description_html)
    extra = {"permalink": permalink}
    if found.get("publication_url"):
        extra["publication_url"] = found["publication_url"]
    return TechmemeCredit(
        headline=headline,
        article_url=found.get("article_url"),
        # The byline of the description is markup, the title suffix is free text: prefer the byline.
        author=found.get("author") if found.get("publication") else author,
        publication=found.get("publication") or publication,
        extra=extra,
    )
