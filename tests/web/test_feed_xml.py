"""The Atom feeds stay well-formed XML whatever is asked and whatever is stored: their raw bytes are parsed by
a strict parser (lxml, recover=False)."""

from __future__ import annotations

from datetime import UTC

import pytest
from lxml import etree

from tests.support import builders as b

ATOM = "{http://www.w3.org/2005/Atom}"
STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)


def strict(body: bytes) -> etree._Element:
    return etree.fromstring(body, parser=STRICT)


@pytest.mark.parametrize("q", ["copper%01", "%00copper", "copper%EF%BF%BE", "copper%EF%BF%BF", "%7Fcopper"])
def test_control_characters_in_search_text_are_a_400_naming_q(client, q):
    response = client.get(f"/feeds/search.atom?q={q}")
    assert response.status_code == 400 and response.text.startswith("q: contains U+")


@pytest.mark.parametrize("q", ["copper%5D%5D%3E", "%26amp%3B", "copper%C2%85", "copper%ED%A0%80", "%3Cx%3E"])
def test_search_text_that_is_accepted_gives_a_well_formed_feed(client, q):
    response = client.get(f"/feeds/search.atom?q={q}")
    assert response.status_code == 200
    assert strict(response.content).find(f"{ATOM}title").text.startswith("Signaldesk search: ")


def test_forbidden_characters_in_stored_text_are_left_out_of_the_feeds(client, web_settings, store):
    from models.db import session_scope

    title = "Fab\x01 outage\ufffe hits\uffff chip \x0bsupply"
    with session_scope(web_settings.db_url) as session:
        b.document(
            session,
            title,
            day="2026-01-20",
            categories=("security",),
            summary="Line\x1fnoise\x08 here",
            orgs=("Acme Vendor",),
        )
    for path in ("/feeds/category/security.atom", "/feeds/search.atom?category=security&org=Acme%20Vendor"):
        response = client.get(path)
        assert response.status_code == 200
        first = strict(response.content).find(f"{ATOM}entry")
        assert first.find(f"{ATOM}title").text == "Fab outage hits chip supply"
        assert first.find(f"{ATOM}summary").text == "Linenoise here"


def test_the_atom_writer_drops_forbidden_characters_from_every_value():
    from datetime import datetime

    from web.feeds import atom_feed
    from web.queries.signals import SignalItem

    hostile = "a\x00b\x01c\ud800d\ufffee\uffff"
    item = SignalItem(
        document_id=1,
        title=hostile,
        summary=hostile,
        url=f"https://x.example/{hostile}",
        publication=hostile,
        source_key="s",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        categories=(hostile,),
        orgs=(),
        amounts=(),
        story_id=hostile,
    )
    body = atom_feed(title=hostile, feed_url=hostile, page_url=hostile, items=[item], base_url=hostile)
    root = strict(body)
    assert root.find(f"{ATOM}title").text == "abcde"
    assert root.find(f"{ATOM}entry/{ATOM}category").get("term") == "abcde"
