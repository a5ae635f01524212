"""RSS 2.0, RSS 1.0 and Atom feeds: Scrapy fetches the bytes, feedparser parses them (never fetches)."""

from __future__ import annotations

import html
import re

import feedparser
from scrapy.http import Response

from core.canonical import join_url
from core.sanitize import xml_safe
from spiders.base import SourceSpider, utc_now
from spiders.feed_encoding import repaired_utf8
from spiders.techmeme_feed import credit_for, is_permalink

# A numeric character reference to a character XML forbids (&#xD800;, &#1;, &#xFFFF;) or to none at all
# (&#x110000;) makes the XML parser give up, and feedparser's loose parser then crashes on it (it encodes a
# lone surrogate as UTF-8, passes a huge number to chr()), losing every entry of the feed. The pipeline
# drops those characters from stored text anyway, so the references go before parsing.
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_MAX_CODE_POINT = 0x10FFFF


def _reference_xml_allows(match: re.Match) -> bytes:
    hex_digits, digits = match.groups()
    number = (hex_digits or digits).lstrip(b"0") or b"0"
    if len(number) > 7:  # beyond U+10FFFF in either base, and too long to convert cheaply
        return b""
    code = int(number, 16 if hex_digits else 10)
    return match.group(0) if code <= _MAX_CODE_POINT and xml_safe(chr(code)) else b""


def without_forbidden_references(body: bytes) -> bytes:
    """The feed's bytes without the character references that no XML document may hold."""
    return _CHARACTER_REFERENCE.sub(_reference_xml_allows, body)


def parse_bytes(response: Response) -> tuple[feedparser.FeedParserDict, int]:
    """The parsed feed, and how many invalid UTF-8 sequences of a feed declared as UTF-8 became U+FFFD."""
    # feedparser reads lower-case header names; content-location makes it resolve relative links
    # against the URL the feed was actually served from (after redirects).
    headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    headers["content-location"] = response.url
    # feedparser's own sanitizer is off: it keeps <form>, <input> and <svg> anyway, and every HTML field is
    # read by core.sanitize (nh3) before it is stored or shown, so it was a second pass costing a quarter
    # of the parse. summary_html and body_html are then the feed's HTML as served, as RawItem says.
    body, replaced = repaired_utf8(response.body, headers.get("content-type", ""))
    return feedparser.parse(without_forbidden_references(body), response_headers=headers, sanitize_html=False), replaced


def describe_bozo(exc: Exception | None) -> str:
    if exc is None:
        return "unknown problem"
    if hasattr(exc, "getLineNumber"):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return f"{type(exc).__name__}: {exc}"


def not_a_feed(response: Response, parsed) -> str | None:
    """Why this response holds no entries, or None if it is a feed with entries."""
    if parsed.entries:
        return None
    if not response.body.strip():
        return "empty response body; expected an RSS or Atom feed"
    ctype = response.headers.get("Content-Type", b"").decode("latin-1") or "none"
    if not parsed.get("version"):
        # Never the body itself: behind a redirect it may be an internal service's answer, and this
        # message is shown on the public sources page.
        return f"not an RSS or Atom feed (Content-Type: {ctype}; HTTP {response.status}, {len(response.body):,} bytes)"
    if parsed.bozo:
        return f"malformed feed with no recoverable entries ({describe_bozo(parsed.get('bozo_exception'))})"
    return "the feed has no entries"


class FeedSpider(SourceSpider):
    name = "feed"

    def parse_source(self, response: Response):
        fetched_at = utc_now()
        try:
            parsed, replaced = parse_bytes(response)
        except Exception as exc:  # noqa: BLE001 - feedparser's loose parser has crash bugs of its own
            # e.g. a stray </height> or </width> in a malformed feed raises TypeError inside feedparser.
            self.report(
                f"{response.url}: feedparser could not read this feed ({type(exc).__name__}: {exc}); no entries kept"
            )
            return
        problem = not_a_feed(response, parsed)
        if problem:
            self.report(f"{response.url}: {problem}")
            return
        if replaced:
            self.report(
                f"{response.url}: {replaced} invalid byte sequence(s) in a feed declared as utf-8; "
                "each read as U+FFFD, the rest of the feed kept"
            )
        if parsed.bozo:
            self.report(
                f"{response.url}: malformed feed ({describe_bozo(parsed.get('bozo_exception'))}); "
                f"kept the {len(parsed.entries)} entries feedparser recovered"
            )
        # The sources file names the outlet deliberately; feed titles decorate it ("Ars Technica - All
        # content", "World news | The Guardian") or replace it ("Latest updates").
        channel = self.publication or parsed.feed.get("title")
        seen: dict[str, str] = {}
        for position, entry in enumerate(parsed.entries, start=1):
            item = self._entry_item(response, entry, channel, fetched_at, position)
            if item is not None and self._first_time(response, item, seen, position):
                yield item

    def _entry_item(self, response, entry, channel, fetched_at, position):
        link = entry.get("link") or (entry.get("id") if entry.get("guidislink") else None)
        if not link:
            self.report(f"{response.url}: entry {position} ({entry.get('title', 'no title')!r}) has no link; skipped")
            return None
        url = join_url(response.url, link)
        if url is None:
            self.report(f"{response.url}: entry {position} has an unreadable link {link!r}; skipped")
            return None
        fields = dict(
            summary_html=entry.get("summary", ""),
            body_html=_content(entry),
            author=entry.get("author") or None,
            publication=channel,
            published=entry.get("published") or entry.get("updated") or None,
            guid=entry.get("id") or None,
            tags=[t.get("term") for t in entry.get("tags", []) if t.get("term")],
        )
        title = _title_markup(entry)
        if is_permalink(url):
            credit = credit_for(title, entry.get("summary", ""), url)
            title, url = credit.headline, credit.article_url or url
            fields.update(author=credit.author, publication=credit.publication or channel, extra=credit.extra)
        return self.item(url=url, title=title, fetched_at=fetched_at, **fields)

    def _first_time(self, response, item, seen: dict[str, str], position: int) -> bool:
        """Drops an entry repeating an earlier guid and link; a guid reused on another link is kept."""
        if not item.guid:
            return True
        earlier = seen.get(item.guid)
        if earlier is None:
            seen[item.guid] = item.url
            return True
        if earlier == item.url:
            self.report(f"{response.url}: entry {position} repeats guid {item.guid!r}; skipped the duplicate")
            return False
        self.report(
            f"{response.url}: entry {position} reuses guid {item.guid!r} for another link ({item.url}); kept it"
        )
        return True


def _title_markup(entry) -> str:
    """The title as markup, as RawItem wants it: feedparser decodes a plain-text title ("Why &lt;script&gt;
    tags" arrives as "Why <script> tags"), which read again as HTML would lose its words."""
    title = entry.get("title", "")
    plain = (entry.get("title_detail") or {}).get("type") == "text/plain"
    return html.escape(title, quote=False) if plain else title


def _content(entry) -> str:
    """content:encoded (RSS) or <content> (Atom), the longest when a feed gives several."""
    contents = [c.get("value", "") for c in entry.get("content", [])]
    return max(contents, key=len) if contents else ""
