"""The HTML email: readable template, inlined CSS, and nothing from a feed that can run or phone home."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from sqlmodel import select

from models import session_scope
from models.tables import Briefing
from pipeline.delivery.html import render_briefing_html, render_html
from tests.delivery.conftest import DAY, MARKDOWN


def _doc(markup: str):
    return lxml_html.document_fromstring(markup)


def test_feed_borne_script_handlers_and_unsafe_schemes_are_gone():
    out = render_html(MARKDOWN, title="t", unsubscribe_url="https://desk.example/unsubscribe/abc")
    lowered = out.lower()
    assert "<script" not in lowered and "alert(" not in lowered
    assert "javascript:" not in lowered and "data:text" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    doc = _doc(out)
    hrefs = [a.get("href") for a in doc.iter("a") if a.get("href")]
    assert all(href.startswith(("https://", "http://", "mailto:")) for href in hrefs)
    # The link texts of the dropped links stay readable.
    assert {"the filing", "this", "ok link"} <= {a.text_content() for a in doc.iter("a")}


def test_links_survive_intact_with_their_query_strings():
    doc = _doc(render_html(MARKDOWN, title="t"))
    hrefs = {a.get("href") for a in doc.iter("a")}
    assert "https://www.cisa.gov/news/kev-ivanti?src=feed&x=1" in hrefs
    assert "https://example.com/nvidia-2b" in hrefs


def test_css_is_inlined_and_only_our_styles_are_kept():
    markdown = 'Text <span style="position:fixed;background:url(https://evil.example/t.gif)">boxed</span>'
    doc = _doc(render_html(markdown, title="t"))
    container = doc.find_class("container")[0]
    assert "max-width:640px" in container.get("style").replace(" ", "")
    span = next(el for el in doc.iter("span") if el.text_content() == "boxed")
    assert span.get("style") is None
    assert "evil.example" not in lxml_html.tostring(doc, encoding="unicode")
    # Media queries cannot be inlined: they stay in the head for clients that honour them.
    assert "@media" in doc.find(".//head/style").text


def test_template_has_title_header_and_footer_links():
    out = render_html(
        "Body",
        title="Signaldesk briefing — 2026-01-15 <b>",
        unsubscribe_url="https://desk.example/unsubscribe/tok",
        preferences_url="https://desk.example/preferences/tok",
    )
    doc = _doc(out)
    assert doc.find(".//title").text == "Signaldesk briefing — 2026-01-15 <b>"
    assert doc.find_class("title")[0].text_content() == "Signaldesk briefing — 2026-01-15 <b>"
    footer_links = {a.text_content(): a.get("href") for a in doc.find_class("footer")[0].iter("a")}
    assert footer_links == {
        "Unsubscribe": "https://desk.example/unsubscribe/tok",
        "Change your preferences": "https://desk.example/preferences/tok",
    }
    assert doc.find(".//meta[@name='viewport']") is not None


def test_the_markdown_title_gives_way_to_the_template_header():
    doc = _doc(render_html(MARKDOWN, title="Signaldesk briefing — 2026-01-15"))
    assert [h.text_content() for h in doc.iter("h1")] == ["Signaldesk briefing — 2026-01-15"]
    # Only a level-1 title goes: a briefing that opens on a section keeps it.
    doc = _doc(render_html("## The day in one minute\n\n- one", title="t"))
    assert [h.text_content() for h in doc.iter("h2")] == ["The day in one minute"]


def test_archive_copy_has_no_subscriber_links():
    doc = _doc(render_html("Body", title="t"))
    assert list(doc.find_class("footer")[0].iter("a")) == []


def test_relative_links_from_a_feed_do_not_point_into_the_app():
    doc = _doc(render_html("[admin](/admin/delete) and [ok](https://example.com/)", title="t"))
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "/admin/delete" not in hrefs and "https://example.com/" in hrefs


def test_markdown_tables_render_as_tables():
    doc = _doc(render_html("| Org | Amount |\n|---|---|\n| Nvidia | $2B |\n", title="t"))
    assert [td.text_content() for td in doc.iter("td")] == ["Nvidia", "$2B"]


def test_render_briefing_html_stores_the_row_and_writes_the_file(settings, briefing):
    with session_scope(settings.db_url) as session:
        path = render_briefing_html(settings, session, DAY)
    assert path == settings.briefings_dir / "2026-01-15.html"
    written = path.read_text(encoding="utf-8")
    with session_scope(settings.db_url) as session:
        stored = session.exec(select(Briefing).where(Briefing.day == DAY)).one().html
    assert stored == written
    assert "CISA adds Ivanti flaw to KEV" in written and "<script" not in written
    assert not [p for p in path.parent.iterdir() if re.match(r"\..*\.tmp$", p.name)]


def test_render_briefing_html_for_an_unknown_day_names_the_day(settings):
    from core.errors import InputError

    with session_scope(settings.db_url) as session, pytest.raises(InputError, match="2026-01-15"):
        render_briefing_html(settings, session, DAY)
