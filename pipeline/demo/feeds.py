"""Render one outlet's items from the days file as that outlet's own feed: RSS 2.0, RSS 1.0 (RDF) or Atom.

Pure functions: items in, bytes out, with nothing taken from the clock, so a rebuild is byte-identical.
Titles and descriptions are written as served (they are HTML with entities such as `&#8217;`).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from pipeline.dates import parse_day
from pipeline.demo.outlets import Outlet

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"

NOON = (12, 0, 0)


def published_at(item: dict) -> datetime:
    """The item's date as given, at the time it was fetched when that was the same day, else 12:00 UTC.

    The days file keeps only a calendar date; fetched_at (UTC, naive) is the one real time we have.
    """
    day = datetime.combine(parse_day(item["date"], "date"), time.min)
    fetched = datetime.fromisoformat(item["fetched_at"]).replace(microsecond=0)
    clock = (fetched.hour, fetched.minute, fetched.second) if fetched.date() == day.date() else NOON
    return day.replace(hour=clock[0], minute=clock[1], second=clock[2], tzinfo=UTC)


def _zone(outlet: Outlet) -> timezone:
    if outlet.zone in ("GMT", "+0000"):
        return UTC
    sign = -1 if outlet.zone[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(outlet.zone[1:3]), minutes=int(outlet.zone[3:5])))


def rfc822(moment: datetime, outlet: Outlet) -> str:
    return format_datetime(moment.astimezone(_zone(outlet)), usegmt=outlet.zone == "GMT")


def w3cdtf(moment: datetime, outlet: Outlet) -> str:
    return moment.astimezone(_zone(outlet)).isoformat().replace("+00:00", "Z")


def categories(item: dict, outlet: Outlet) -> list[str]:
    return [tag for tag in item.get("tags", []) if tag not in outlet.scraper_tags]


def description(item: dict, outlet: Outlet) -> str:
    """The feed's summary; for Hacker News, hnrss's own layout with the points and comment count.

    The days file's Hacker News description only repeats the title; hnrss serves this block instead.
    """
    if outlet.tier != "community":
        return item["description"]
    url = item["url"].replace("&", "&amp;").replace('"', "&quot;")
    return (
        f'<p>Article URL: <a href="{url}">{url}</a></p>\n'
        f"<p>Points: {item.get('score', 0)}</p>\n<p># Comments: {item.get('comments', 0)}</p>"
    )


def ordered(items: list[dict]) -> list[tuple[datetime, dict]]:
    """Newest first, as feeds list them; ties keep the days file's order."""
    return sorted(((published_at(i), i) for i in items), key=lambda pair: pair[0], reverse=True)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrib)
    node.text = text
    return node


def _serialize(root: ET.Element) -> bytes:
    # Prefixed names and xmlns attributes are written literally: the feeds keep the prefixes readers
    # expect (atom:, dc:, rdf:) without registering them in ElementTree's process-wide table.
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def render_rss(outlet: Outlet, items: list[dict]) -> bytes:
    entries = ordered(items)
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = _sub(rss, "channel")
    for tag, text in (
        ("title", outlet.title),
        ("link", outlet.home),
        ("description", outlet.description),
        ("language", outlet.language),
    ):
        _sub(channel, tag, text)
    if entries:
        _sub(channel, "lastBuildDate", rfc822(entries[0][0], outlet))
    _sub(channel, "atom:link", href=outlet.feed_url, rel="self", type="application/rss+xml")
    for moment, item in entries:
        node = _sub(channel, "item")
        _sub(node, "title", item["title"])
        _sub(node, "link", item["url"])
        _sub(node, "description", description(item, outlet))
        _sub(node, "pubDate", rfc822(moment, outlet))
        _sub(node, "guid", item["url"], isPermaLink="true")
        for term in categories(item, outlet):
            _sub(node, "category", term)
    return _serialize(rss)


def render_rdf(outlet: Outlet, items: list[dict]) -> bytes:
    entries = ordered(items)
    root = ET.Element("rdf:RDF", {"xmlns:rdf": RDF, "xmlns": RSS1, "xmlns:dc": DC})
    channel = _sub(root, "channel", **{"rdf:about": outlet.feed_url})
    for tag, text in (("title", outlet.title), ("link", outlet.home), ("description", outlet.description)):
        _sub(channel, tag, text)
    _sub(channel, "dc:language", outlet.language)
    if entries:
        _sub(channel, "dc:date", w3cdtf(entries[0][0], outlet))
    seq = _sub(_sub(channel, "items"), "rdf:Seq")
    for _, item in entries:
        _sub(seq, "rdf:li", **{"rdf:resource": item["url"]})
    for moment, item in entries:
        node = _sub(root, "item", **{"rdf:about": item["url"]})
        _sub(node, "title", item["title"])
        _sub(node, "link", item["url"])
        _sub(node, "description", description(item, outlet))
        _sub(node, "dc:date", w3cdtf(moment, outlet))
        for term in categories(item, outlet):
            _sub(node, "dc:subject", term)
    return _serialize(root)


def render_atom(outlet: Outlet, items: list[dict]) -> bytes:
    entries = ordered(items)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": outlet.language})
    _sub(feed, "title", outlet.title, type="text")
    _sub(feed, "subtitle", outlet.description, type="text")
    _sub(feed, "id", outlet.feed_url)
    if entries:
        _sub(feed, "updated", w3cdtf(entries[0][0], outlet))
    _sub(feed, "link", rel="alternate", type="text/html", href=outlet.home)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=outlet.feed_url)
    _sub(_sub(feed, "author"), "name", outlet.name)
    for moment, item in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", item["title"], type="html")
        _sub(entry, "link", rel="alternate", type="text/html", href=item["url"])
        _sub(entry, "id", item["url"])
        _sub(entry, "published", w3cdtf(moment, outlet))
        _sub(entry, "updated", w3cdtf(moment, outlet))
        _sub(entry, "summary", description(item, outlet), type="html")
        for term in categories(item, outlet):
            _sub(entry, "category", term=term)
    return _serialize(feed)


RENDERERS = {"rss": render_rss, "rdf": render_rdf, "atom": render_atom}


def render(outlet: Outlet, items: list[dict]) -> bytes:
    return RENDERERS[outlet.fmt](outlet, items)
