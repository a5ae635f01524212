"""The text/plain alternative: readable, links as `text <url>`, nothing unsafe carried over."""

from __future__ import annotations

from pipeline.delivery.text import render_text
from tests.delivery.conftest import MARKDOWN


def test_links_are_kept_as_text_and_url():
    text = render_text(MARKDOWN)
    assert "CISA adds Ivanti flaw to KEV <https://www.cisa.gov/news/kev-ivanti?src=feed&x=1>" in text
    assert "ok link <https://example.com/ok>" in text


def test_scripts_and_unsafe_links_are_dropped_but_their_words_stay():
    text = render_text(MARKDOWN)
    assert "alert" not in text and "<script" not in text
    assert "javascript:" not in text and "data:" not in text
    assert "Read the filing or this." in text


def test_headings_lists_and_tables_read_as_plain_text():
    markdown = "# Title\n\n## Security\n\n- one [a](https://a.example)\n- two\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    lines = render_text(markdown).splitlines()
    assert lines[:2] == ["Title", "====="]
    assert ["Security", "--------"] == lines[3:5]
    assert "- one a <https://a.example>" in lines and "- two" in lines
    assert "1 | 2" in lines


def test_entities_are_decoded_and_bare_urls_are_not_doubled():
    text = render_text("AT&amp;T buys <https://example.com/x> & more")
    assert "AT&T buys https://example.com/x & more" in text


def test_empty_markdown_gives_empty_text():
    assert render_text("") == ""
