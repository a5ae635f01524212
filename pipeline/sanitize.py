"""HTML from the open web made safe to store and show, and turned into plain text.

Everything a feed or page hands us passes through here before it is stored or rendered: feedparser keeps
<form>, <input> and <svg>, and Markdown passes <script> through, so an allow-list (nh3) is the only gate.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "div", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "*": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Dropped with everything inside: active content, and the raw-text elements (<textarea>, <title>, <xmp>...)
# whose content a browser shows as text, so markup hidden in them would come out as literal tags.
DROP_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea",
                     "title", "xmp", "noembed", "noframes", "plaintext"}
# html5 serialization of a cleaned tree can re-parse into a different tree (an <h1> left inside an <h1>);
# cleaning until nothing changes makes stored HTML stable when it is cleaned again before display.
_MAX_PASSES = 3

# U+FEFF too: a byte-order mark inside text is invisible, and the HTML parser drops a leading one, so
# leaving it in would make cleaning unstable (each pass eats the BOM that is now first).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6]|blockquote|tr|pre|figure)>|<br\s*/?>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_control(text: str) -> str:
    """Remove NUL, other control characters and byte-order marks; keep tabs and newlines."""
    return _CONTROL.sub("", text)


def sanitize_html(fragment: str, *, extra_attributes: dict[str, set[str]] | None = None) -> str:
    """Keep only harmless markup: no script, style, forms, event handlers or javascript: links."""
    attributes = {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (extra_attributes or {}).items():
        attributes.setdefault(tag, set()).update(names)
    cleaned = strip_control(fragment or "")
    for _ in range(_MAX_PASSES):
        previous, cleaned = cleaned, nh3.clean(
            cleaned,
            tags=ALLOWED_TAGS,
            clean_content_tags=DROP_WITH_CONTENT,
            attributes=attributes,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
        if cleaned == previous:
            break
    return cleaned


def html_to_text(fragment: str) -> str:
    """Readable plain text: block ends become newlines, tags go, entities are decoded, spaces folded."""
    if not fragment:
        return ""
    cleaned = nh3.clean(
        strip_control(fragment).replace("\r", ""),
        tags={"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "figure"},
        clean_content_tags=DROP_WITH_CONTENT,
        attributes={},
    )
    text = _BLOCK_END.sub("\n", cleaned)
    text = re.sub(r"<[^>]*>", "", text)
    text = html_lib.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain_title(raw: str) -> str:
    """A title as one line of text, whatever markup or entities the source put in it."""
    if "<" not in raw and "&" not in raw:
        return " ".join(strip_control(raw).split())
    return " ".join(html_to_text(raw).split())
