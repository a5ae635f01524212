"""Home, briefings, story, organization and sources pages; Atom feeds and the JSON API."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_shows_latest_briefing_sanitized_with_links_to_past_ones(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Daily briefing" in page.text and "Copper is tight." in page.text
    assert '<script>alert("b")' not in page.text and "javascript:alert" not in page.text
    assert '<a href="/stories/s-copper"' in page.text
    assert 'href="/briefings/2026-01-13"' in page.text
    assert '<svg class="chart"' in page.text


def test_briefing_by_date(client):
    page = client.get("/briefings/2026-01-13")
    assert page.status_code == 200 and "Briefing of the 13th" in page.text and "Copper is tight" not in page.text
    assert client.get("/briefings/2026-01-01").status_code == 404
    bad = client.get("/briefings/13-01-2026")
    assert bad.status_code == 400 and "date:" in bad.text


def test_chart_counts_signals_per_category_per_day(client):
    page = client.get("/briefings/2026-01-14").text
    assert "2026-01-14 infrastructure: 2</title>" in page
    assert "2026-01-13 security: 1</title>" in page


def test_story_page_has_sources_evidence_entities_and_thread(client):
    page = client.get("/stories/s-copper")
    assert page.status_code == 200
    text = page.text
    assert "2 sources" in text
    assert "Smelters warn that copper supply for fabs is tight." in text  # evidence sentence
    assert 'href="/orgs/Freeport-McMoRan"' in text and 'href="/orgs/TSMC"' in text
    thread = re.search(r'<ol class="thread">(.*?)</ol>', text, re.S).group(1)
    assert (
        thread.index("Copper prices climb")
        < thread.index("Copper shortage hits chip supply")
        < thread.index("Fabs secure copper contracts")
    )
    assert client.get("/stories/nope").status_code == 404


def test_organization_page_lists_its_signals_with_a_monthly_chart(client):
    page = client.get("/orgs/Freeport-McMoRan")
    assert page.status_code == 200
    assert "Named in 2 documents" in page.text
    assert "2026-01: 2</title>" in page.text
    assert "Copper shortage threatens chip supply chain" in page.text
    assert "CISA warns" not in page.text
    assert client.get("/orgs/Nobody%20Inc").status_code == 200


def test_an_alias_in_any_case_opens_the_canonical_organization(client):
    """Org pages and filters use the canonical name: the gazetteer's aliases lead to it."""
    canonical = client.get("/orgs/TSMC")
    for alias in ("Taiwan%20Semiconductor", "taiwan%20semiconductor%20manufacturing", "tsmc"):
        page = client.get(f"/orgs/{alias}")
        assert page.status_code == 200
        assert re.search(r"<h1[^>]*>\s*TSMC", page.text), alias
        assert re.search(r"Named in \d+ documents?", page.text).group(0) == re.search(
            r"Named in \d+ documents?", canonical.text
        ).group(0)
    by_name = client.get("/api/signals?org=TSMC").json()["items"]
    assert by_name and client.get("/api/signals?org=taiwan semiconductor").json()["items"] == by_name


def test_only_organizations_with_a_canonical_name_link_to_an_org_page(client):
    page = client.get("/signals?category=capital").text
    assert 'href="/orgs/Tiny%20Labs"' in page
    assert '<span class="org">Garage Ventures</span>' in page and "/orgs/Garage" not in page
    item = client.get("/api/signals?org=Tiny Labs").json()["items"][0]
    assert item["organizations"] == ["Tiny Labs", "Garage Ventures"]


def test_sources_page_shows_health(client):
    page = client.get("/sources").text
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'>([^<]+)</a><div class="muted small">[^<]*</div></td>\s*'
            r'<td><span class="health [^"]+">([^<]+)<',
            page,
        )
    }
    assert rows["FT Technology"] == "failing"
    assert rows["Old Blog"] == "disabled"
    assert rows["Reuters Technology"] in ("healthy", "stale")
    assert "HTTP 503 from feeds.example" in page


def test_category_feed_is_valid_atom(client):
    response = client.get("/feeds/category/security.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 32
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0].startswith('<script>alert("xss")')  # text in XML, escaped on the wire
    assert b"<script>" not in response.content
    assert client.get("/feeds/category/gossip.atom").status_code == 400


def test_search_feed_follows_the_filters(client):
    root = ET.fromstring(client.get("/feeds/search.atom?q=copper").content)
    assert {e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")} == {
        "Copper shortage threatens chip supply chain",
        "Chipmakers scramble for copper as prices jump",
    }
    assert "copper" in root.find(f"{ATOM}title").text


def test_api_signals_shape_hides_table_internals(client):
    body = client.get("/api/signals?org=Anthropic").json()
    assert body["next"] is None
    (item,) = body["items"]
    assert set(item) == {
        "title",
        "summary",
        "url",
        "publication",
        "source",
        "published_at",
        "categories",
        "organizations",
        "amounts",
        "story_id",
    }
    assert item["amounts"] == ["$13 billion (raised)", "$183 billion (valuation)"]
    assert item["categories"] == ["capital", "demand"]


def test_api_story_and_briefing(client):
    story = client.get("/api/stories/s-copper").json()
    assert [p["id"] for p in story["parents"]] == ["s-copper-early"]
    assert [c["id"] for c in story["children"]] == ["s-copper-later"]
    assert story["sources"][0]["evidence"]["infrastructure"] == ["Smelters warn that copper supply for fabs is tight."]
    assert "content_hash" not in str(story)
    briefing = client.get("/api/briefings/2026-01-14").json()
    assert briefing["content"]["date"] == "2026-01-14" and briefing["html_url"] == "/briefings/2026-01-14"
    missing = client.get("/api/briefings/2026-02-30")
    assert missing.status_code == 400 and missing.json()["field"] == "date"
    assert client.get("/api/stories/nope").json() == {"detail": "no story with that id"}


def test_openapi_documents_the_api_and_the_reference_page_lists_it(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/signals", "/api/stories/{story_id}", "/api/briefings/{day}"} <= set(spec["paths"])
    assert "SignalOut" in spec["components"]["schemas"]
    page = client.get("/api").text
    assert "GET /api/signals" in page and "min_amount" in page


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/signals",
        "/stories/s-copper",
        "/sources",
        "/api/signals",
        "/nope",
        "/feeds/category/policy.atom",
        "/signals?limit=0",
    ],
)
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]


def test_pages_have_no_inline_script_or_style(client):
    for path in ("/", "/signals", "/stories/s-copper", "/orgs/TSMC", "/sources", "/runs/new", "/login"):
        html = client.get(path).text
        assert "<script" not in html.replace("&lt;script", ""), path
        assert " style=" not in html and "<style" not in html, path


def test_amounts_are_shown_with_their_role_in_the_archive(client):
    page = client.get("/signals?category=capital").text
    assert '<span class="amount">$13 billion (raised)</span>' in page
    assert '<span class="amount">$183 billion (valuation)</span>' in page
    assert '<span class="amount">$2 million</span>' in page  # no role known: shown bare, never guessed
    csv = client.get("/signals.csv?category=capital").text
    assert "$13 billion (raised); $183 billion (valuation)" in csv
