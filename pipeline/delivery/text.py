"""The text/plain alternative: the briefing read as plain text, links kept as `text <url>`.

It is made from the same sanitized HTML as the HTML part, so a link scheme the allow-list dropped
(`javascript:`, `data:`) cannot come back here, and every Markdown link form is handled by one parser.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from pipeline.delivery.html import markdown_to_safe_html

_BLOCKS = {
    "p",
    "div",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "figure",
}
_UNDERLINE = {"h1": "=", "h2": "-"}
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def render_text(markdown_text: str) -> str:
    """Readable plain text of a Markdown briefing."""
    fragment = markdown_to_safe_html(markdown_text)
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    lines = "".join(_walk(root, depth=0)).split("\n")
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def _walk(element, *, depth: int):
    """Yield the text of `element` and its children, then its tail."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _BLOCKS:
        yield "\n\n"
    if tag == "hr":
        yield "-" * 40
    elif tag == "br":
        yield "\n" + "  " * max(depth - 1, 0)
    elif tag == "a":
        yield _link(element)
    elif tag == "img":
        yield element.get("alt") or ""
    elif tag in ("ul", "ol"):
        yield from _list(element, depth=depth)
    elif tag == "table":
        for row in element.iter("tr"):
            yield " | ".join(_inline(cell) for cell in row if isinstance(cell.tag, str)) + "\n"
    elif tag in _UNDERLINE:
        title = _inline(element)
        yield title + "\n" + _UNDERLINE[tag] * len(title)
    elif tag == "pre":
        yield element.text_content()
    elif tag == "blockquote":
        inner = "".join(_children(element, depth=depth)).strip()
        yield "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    else:
        yield from _children(element, depth=depth)
    if tag in _BLOCKS:
        yield "\n\n"
    if element.tail:
        yield _SPACES.sub(" ", element.tail.replace("\n", " "))


def _children(element, *, depth: int):
    if element.text:
        yield _SPACES.sub(" ", element.text.replace("\n", " "))
    for child in element:
        yield from _walk(child, depth=depth)


def _list(element, *, depth: int):
    """Bullets for <ul>, numbers for <ol>; nested lists indent by two spaces a level."""
    number = int(element.get("start") or 1)
    for item in element:
        if not isinstance(item.tag, str) or item.tag != "li":
            continue
        marker = f"{number}." if element.tag == "ol" else "-"
        body = "".join(_children(item, depth=depth + 1)).strip()
        body = _BLANK_LINES.sub("\n\n", body).replace("\n\n", "\n")
        indent = "  " * depth
        continuation = "\n" + indent + " " * (len(marker) + 1)
        yield f"\n{indent}{marker} " + continuation.join(part.strip() for part in body.split("\n"))
        number += 1
    yield "\n"


def _link(element) -> str:
    label = _inline(element)
    href = element.get("href")
    if not href or href == label or href == f"mailto:{label}":
        return label or (href or "")
    return f"{label} <{href}>" if label else href


def _inline(element) -> str:
    """The text of an inline element with its links kept, on one line."""
    text = "".join(_children(element, depth=0))
    return " ".join(text.split())
