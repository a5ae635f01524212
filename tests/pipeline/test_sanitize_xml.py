"""Text stored from a feed is always well-formed XML: what XML 1.0 forbids never reaches the store."""

from __future__ import annotations

from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pytest

from core.sanitize import html_to_text, plain_title, sanitize_html, strip_control, xml_safe

FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"]
ALLOWED = ["\t", "\n", "\r", " ", "\x7f", "\x85", "\ud7ff", "\ue000", "\ufffd", "\U00010000", "\U0010ffff"]


def _parses_as_xml(text: str) -> bool:
    data = f"<t>{escape(text)}</t>".encode("utf-8", "surrogatepass")
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return False
    return True


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_xml_safe_removes_what_xml_forbids(char):
    assert not _parses_as_xml(f"a{char}b")
    assert xml_safe(f"a{char}b") == "ab"


def test_xml_safe_keeps_every_character_xml_allows():
    text = "".join(ALLOWED)
    assert xml_safe(text) == text


# The C0 controls these always removed (tests/pipeline/test_normalize.py); surrogates and non-characters
# they used to keep, or crash on.
@pytest.mark.parametrize("clean", [plain_title, html_to_text, sanitize_html, strip_control], ids=lambda f: f.__name__)
@pytest.mark.parametrize("char", [c for c in FORBIDDEN if c > "\x7f"], ids=lambda c: f"U+{ord(c):04X}")
def test_feed_text_cleaners_give_well_formed_xml(clean, char):
    text = clean(f"<p>Chip {char}supply</p> &amp; more{char}")
    assert _parses_as_xml(text)
    assert "supply" in text and "more" in text
