"""Atom 1.0 documents for a list of signals; ElementTree does the escaping.

ElementTree escapes markup but writes any character it is given, and one that XML 1.0 forbids (U+0001,
U+FFFF...) makes the whole feed unreadable to a strict parser. Stored text should hold none, but every text
and attribute value is made XML-safe here, whatever the store holds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from core.sanitize import xml_safe
from web.queries.signals import SignalItem

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {name: xml_safe(value) for name, value in attrs.items()})
    if text is not None:
        node.text = xml_safe(text)
    return node


def atom_feed(*, title: str, feed_url: str, page_url: str, items: list[SignalItem], base_url: str) -> bytes:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "title", title)
    _el(feed, "id", feed_url)
    _el(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _el(feed, "link", rel="alternate", href=page_url, type="text/html")
    updated = max((i.published_at for i in items), default=datetime(2000, 1, 1, tzinfo=UTC))
    _el(feed, "updated", updated.isoformat())
    _el(_el(feed, "author"), "name", "Signaldesk")
    for item in items:
        entry = _el(feed, "entry")
        _el(entry, "title", item.title)
        _el(entry, "id", f"{base_url}/signals#doc-{item.document_id}")
        _el(entry, "link", rel="alternate", href=item.url)
        if item.story_id:
            _el(entry, "link", rel="related", href=f"{base_url}/stories/{item.story_id}")
        _el(entry, "updated", item.published_at.isoformat())
        _el(entry, "published", item.published_at.isoformat())
        _el(entry, "summary", item.summary, type="text")
        for category in item.categories:
            _el(entry, "category", term=category)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
