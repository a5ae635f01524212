"""The properties every fuzz target holds; each check takes one generated input and raises on a breach.

`Unsanitized` means unsafe output (markup, handlers or script URLs surviving), `Violation` a broken contract
(idempotence, exact spans, UTC); any other exception escaping the code under test is a crash, except our own
`SignaldeskError`s where a target documents them as its refusal.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

import lxml.html

from core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from tests.fuzz.html_grammar import TAG_NAMES


class Unsanitized(AssertionError):
    """Output that could run script or smuggle markup to a reader."""


class Violation(AssertionError):
    """Output that breaks a documented contract without being unsafe."""


def expect(condition: bool, message: str, kind: type[AssertionError] = Violation) -> None:
    if not condition:
        raise kind(message)


# Browsers drop these before reading a URL's scheme: leading C0 controls and spaces, tabs and newlines anywhere.
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "background",
    "poster",
    "data",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
}
_STYLE_DANGER = ("expression", "url(", "javascript", "behavior", "binding", "@import", "\\")


def url_scheme(value: str) -> str | None:
    squeezed = _URL_NOISE.sub("", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    match = _SCHEME.match(squeezed.lower())
    return match.group(1) if match else None


def _check_attributes(element, *, style_allowed: bool, relative_allowed: bool) -> None:
    allowed = ALLOWED_ATTRIBUTES.get(element.tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"rel"}
    for name, value in element.attrib.items():
        name = name.lower()
        expect(not name.startswith("on"), f"event handler {name}= kept on <{element.tag}>", Unsanitized)
        if name == "style":
            expect(style_allowed, f"style attribute kept on <{element.tag}>", Unsanitized)
            lowered = value.lower()
            expect(not any(bad in lowered for bad in _STYLE_DANGER), f"dangerous style {value!r}", Unsanitized)
            continue
        expect(name in allowed, f"attribute {name}= kept on <{element.tag}>", Unsanitized)
        if name in _URL_ATTRIBUTES:
            scheme = url_scheme(value)
            expect(
                scheme in URL_SCHEMES or (scheme is None and relative_allowed),
                f"{name}={value!r} on <{element.tag}>",
                Unsanitized,
            )


# Characters libxml2 refuses to parse at all; browsers read them as text, so the check blanks them first.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def check_safe_fragment(html: str) -> None:
    """Parse sanitized HTML with lxml and check every node against the allow-list."""
    expect("<script" not in html.lower(), "literal <script in output", Unsanitized)
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(_NOT_XML.sub(" ", html), create_parent="div")
    for node in root.iter():
        if node is root:
            continue
        expect(isinstance(node.tag, str), f"comment or processing instruction kept: {node!r}", Unsanitized)
        expect(node.tag in ALLOWED_TAGS, f"<{node.tag}> kept", Unsanitized)
        _check_attributes(node, style_allowed=False, relative_allowed=True)


def check_email_document(html: str, title: str, stylesheet: str) -> None:
    """render_html output: only our own <style> in <head>, styles limited, absolute safe links only."""
    document = lxml.html.document_fromstring(_NOT_XML.sub(" ", html))
    styles = document.xpath("//style")
    expect(len(styles) == 1 and styles[0].getparent().tag == "head", "a <style> besides ours", Unsanitized)
    expect(styles[0].text.strip() == stylesheet.strip(), "our <style> was altered", Unsanitized)
    expect(
        not document.xpath("//script|//iframe|//object|//embed|//form|//svg|//math"), "active element kept", Unsanitized
    )
    expect(not document.xpath("//comment()"), "comment kept", Unsanitized)
    for node in document.xpath("//body//*"):
        expect(node.tag in ALLOWED_TAGS, f"<{node.tag}> kept in the body", Unsanitized)
        _check_attributes(node, style_allowed=True, relative_allowed=False)
    shown = document.findtext(".//title")
    expect(shown == title, f"title shown as {shown!r}, given {title!r}")


_TAG = re.compile(
    r"</?(" + "|".join(sorted(map(re.escape, TAG_NAMES), key=len, reverse=True)) + r")(?=[\s/>]|$)", re.IGNORECASE
)
_ENCODED_LT = r"(?:&lt;?|&#0*60;?|&#x0*3c;?)\s*/?\s*"


def check_plain_text(text: str, source: str, what: str) -> None:
    """No tag of the source's markup survives as text; `&lt;b&gt;` written as text in the source may."""
    for match in _TAG.finditer(text):
        encoded = re.search(_ENCODED_LT + re.escape(match.group(1)), source, re.IGNORECASE)
        expect(encoded is not None, f"{what} keeps markup {match.group(0)!r}: {text[:200]!r}", Unsanitized)
    expect("\x00" not in text, f"{what} keeps a NUL byte")


def check_utc(value, what: str) -> None:
    expect(value.tzinfo is not None and value.utcoffset() == timedelta(0), f"{what} {value!r} is not aware UTC")


def check_finite(value, what: str) -> None:
    expect(value is None or (math.isfinite(value) and value >= 0), f"{what} value {value!r} not finite and >= 0")
