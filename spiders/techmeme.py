"""Techmeme homepage / river HTML: each cluster's lead item, its related items, and the outlets of "More:".

The markup of the recorded copy is from 2018 (upper-case tags, layout tables): every selector tolerates a
missing piece, and an item without a headline link is reported and skipped rather than guessed.
"""

from __future__ import annotations

import html
import re

import lxml.html
from scrapy.http import Response

from core.canonical import join_url
from core.sanitize import plain_title
from spiders.base import SourceSpider, utc_now


def _cls(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


_ITEMS = f"//div[{_cls('itc1')}]/div[{_cls('itc2')}][@id]"
_CLUSTER_LEAD = f"ancestor::div[{_cls('clus')}][1]/div[{_cls('itc1')}]/div[{_cls('itc2')}]/@id"
_IN_RELATED = f"ancestor::div[{_cls('relitems')}]"
_HEADLINE = ".//strong[a][1]"
_MORE = f'.//span[{_cls("drhed")}][normalize-space()="More:"]/following-sibling::span[{_cls("bls")}][1]/a'
_PAGE_TIME = re.compile(r"var\s+pgrdad\s*=\s*'([^']+)'")
_PROMINENCE = re.compile(r"\bL[1-5]\b")
_DASH = re.compile(r"^[\s\xa0]*\u2014[\s\xa0]*")


class TechmemeSpider(SourceSpider):
    name = "techmeme"

    def parse_source(self, response: Response):
        fetched_at = utc_now()
        match = _PAGE_TIME.search(response.text)
        page_time = match.group(1) if match else None
        nodes = response.xpath(_ITEMS)
        if not nodes:
            self.report(f"{response.url}: no Techmeme items (DIV.itc1 > DIV.itc2[ID]) on the page")
            return
        for node in nodes:
            item = self._item(response, node, page_time, fetched_at)
            if item is not None:
                yield item

    def _item(self, response, node, page_time, fetched_at):
        item_id = node.xpath("@id").get()
        headline = node.xpath(_HEADLINE)
        href = headline.xpath("a/@href").get()
        url = join_url(response.url, href) if href else None
        if not url:
            self.report(f"{response.url}: item {item_id} has no usable headline link ({href!r}); skipped")
            return None
        related = bool(node.xpath(_IN_RELATED))
        author, publication = _byline(node)
        permalink = _permalink(response.url, item_id)
        extra = {
            "cluster": node.xpath(_CLUSTER_LEAD).get() or item_id,
            "role": "related" if related else "lead",
            "prominence": _prominence(headline.xpath("@class").get()),
            "related_outlets": _outlets(response, node),
            "permalink": permalink,
            "page_time": page_time,
            # Techmeme writes its page time in US Eastern without saying so.
            "published_tz": "America/New_York",
        }
        return self.item(
            url=url,
            title=_markup(headline.xpath("a")),
            summary_html=_excerpt(headline),
            author=author,
            publication=publication,
            published=page_time,
            guid=permalink,
            fetched_at=fetched_at,
            extra=extra,
        )


def _served(text: str | None, nodes) -> str:
    """Text then nodes as markup again: lxml hands text back decoded, so it is escaped once more."""
    return html.escape(text or "", quote=False) + "".join(
        lxml.html.tostring(node, encoding="unicode", with_tail=True) for node in nodes
    )


def _markup(selection) -> str:
    """The first selected element's content as served.

    Its text as parsel gives it would turn `&lt;b&gt;` written as text into a tag, and its string value joins
    text across its child elements, paragraphs too."""
    if isinstance(selection, list):  # a SelectorList
        if not selection:
            return ""
        selection = selection[0]
    return _served(selection.root.text, selection.root)


def _byline(node) -> tuple[str | None, str | None]:
    """`<CITE>Author / <A>Publication</A>:</CITE>` or `<CITE><A>Publication</A>:</CITE>`, as markup."""
    cite = node.xpath(".//cite[1]")
    if not cite:
        return None, None
    link = cite.xpath("a[1]")
    if link.xpath("normalize-space()").get():
        before = cite.xpath("a[1]/preceding-sibling::text()").get() or ""
        return html.escape(before.strip().rstrip("/").strip(), quote=False) or None, _markup(link).strip()
    if not cite.xpath("normalize-space()").get("").rstrip(":").strip():
        return None, None
    return None, _markup(cite).strip().rstrip(":").strip()


def _prominence(css_class: str | None) -> str | None:
    match = _PROMINENCE.search(css_class or "")
    return match.group(0) if match else None


def _excerpt(headline) -> str:
    """The markup after the headline's `&nbsp; &mdash;&nbsp;` separator, as served."""
    element = headline[0].root
    return _DASH.sub("", _served(element.tail, element.itersiblings())).strip()


def _outlets(response, node) -> list[dict]:
    """The "More:" outlets; their names go to the briefing as they are, so they are plain text here."""
    return [
        {"publication": plain_title(_markup(link)), "url": join_url(response.url, link.xpath("@href").get(""))}
        for link in node.xpath(_MORE)
    ]


def _permalink(page_url: str, item_id: str) -> str:
    """Item id `180320p43` -> `/180320/p43#a180320p43` on the page's host."""
    day, _, number = item_id.partition("p")
    return join_url(page_url, f"/{day}/p{number}#a{item_id}") or page_url
