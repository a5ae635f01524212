"""HTML from the open web made safe to store and show, and turned into plain text.

Everything a feed or page hands us passes through here before it is stored or rendered: feedparser keeps
<form>, <input> and <svg>, and Markdown passes <script> through, so an allow-list (nh3) is the only gate.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "div",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
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
DROP_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "math",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
}
# html5 serialization of a cleaned tree can re-parse into a different tree (an <h1> left inside an <h1>);
# cleaning until nothing changes makes stored HTML stable when it is cleaned again before display.
_MAX_PASSES = 3

# What XML 1.0 (section 2.2, Char) forbids: C0 controls but tab, LF and CR, lone surrogates, U+FFFE and
# U+FFFF. One of them in stored text makes every Atom feed or XML page that shows it ill-formed.
_XML_FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_NOT_XML = re.compile(f"[{_XML_FORBIDDEN}]")
# U+FEFF too: a byte-order mark inside text is invisible, and the HTML parser drops a leading one, so
# leaving it in would make cleaning unstable (each pass eats the BOM that is now first).
_CONTROL = re.compile(rf"[{_XML_FORBIDDEN}\x7f\ufeff]")
_CONTROLS = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFEFF]))  # as str.strip wants
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

# html_to_text. What a reader sees on a line of its own: these end tags and <br> have always given a newline;
# every other block element's start or end (and the start of these) begins a line unless one just began.
_LINE_ENDS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "figure", "br"}
_BLOCKS = _LINE_ENDS | {
    "address",
    "article",
    "aside",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "footer",
    "form",
    "frameset",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "ul",
}
_CELLS = {"td", "th"}  # side by side: a space between
# Raw text: the HTML serializer writes their content unescaped, so it is skipped to the end tag unread.
_RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
# Elements the HTML parser makes without their name in the source: <image> becomes <img>, a table gets
# its <tbody>, <isindex> became a form. Every other element it makes has its name in the source.
_IMPLIED = {"html", "head", "body", "img", "tbody", "tr", "colgroup", "p", "br", "form", "hr", "label", "input"}
_TAG_OPEN = re.compile(r"</?([A-Za-z][^\t\n\f />]*)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# nh3's serialization: comments, then tags (no attributes are kept, ">" in one would be escaped); text has
# < > & escaped, except inside the raw-text elements.
_MARKUP = re.compile(r"<!--.*?-->|<(/?)([^\s/>]+)[^>]*>", re.DOTALL)
# The parser forgets some tokens (a stray end tag, a second <body>) and so joins the texts around them, and
# control characters, which the text loses, stand between others: the source is marked before it is parsed,
# before each "<" that may open markup (the "<"s inside a tag name are part of it) and after each "<" written
# as text (raw, or a reference not followed by a tag name). The mark, a form feed, is whitespace to the
# parser (in a table it stays put, where other text would be moved before the table) and like every control
# character it is taken out of the text at the end, but not from between a "<" and a letter: there it is a
# space, for they would read as a tag once joined.
_MARK = "\f"
_OPENS = re.compile(r"</?[A-Za-z][^\t\n\f />]*|<[/!?]")
_LT_AS_TEXT = re.compile(
    r"<(?![A-Za-z/!?])|(?>&lt;?|&#0*60(?![0-9]);?|&#x0*3c(?![0-9a-f]);?)(?!/?[A-Za-z])", re.IGNORECASE
)
_NUL = "\x01"  # the parser drops NUL from text, joining its sides; U+0001 it keeps
# nh3 takes UTF-8, which cannot carry a lone surrogate: one stands in the text as U+0001 does.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TAG_ACROSS = re.compile(rf"<{_CONTROL.pattern}*/?{_CONTROL.pattern}*(?=[A-Za-z])")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids; every other character, DEL and U+FEFF included, stays."""
    return _NOT_XML.sub("", text)


def strip_control(text: str) -> str:
    """Remove NUL, other control characters, byte-order marks and whatever else XML 1.0 forbids; keep tabs and
    newlines."""
    return _CONTROL.sub("", text)


def sanitize_html(fragment: str, *, extra_attributes: dict[str, set[str]] | None = None) -> str:
    """Keep only harmless markup: no script, style, forms, event handlers or javascript: links."""
    attributes = {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (extra_attributes or {}).items():
        attributes.setdefault(tag, set()).update(names)
    cleaned = strip_control(fragment or "")
    for _ in range(_MAX_PASSES):
        previous, cleaned = (
            cleaned,
            nh3.clean(
                cleaned,
                tags=ALLOWED_TAGS,
                clean_content_tags=DROP_WITH_CONTENT,
                attributes=attributes,
                url_schemes=URL_SCHEMES,
                link_rel="noopener noreferrer nofollow",
            ),
        )
        if cleaned == previous:
            break
    return cleaned


def _element_names(fragment: str) -> set[str]:
    """Every element name the HTML parser can make of `fragment` (a tag name is "<", an ASCII letter, then
    anything up to whitespace, "/" or ">", lower-cased in ASCII only)."""
    return {name.translate(_ASCII_LOWER) for name in _TAG_OPEN.findall(fragment)} | _IMPLIED


def _markup_and_text(cleaned: str):
    """(closing, name, text) of nh3's serialization, in order: text with name None; a comment with neither.
    A raw-text element comes as its start and end tag, its content skipped."""
    at = 0
    while at < len(cleaned):
        match = _MARKUP.search(cleaned, at)
        end = match.start() if match else len(cleaned)
        if end > at:
            yield False, None, html_lib.unescape(cleaned[at:end])
        if match is None:
            return
        at = match.end()
        closing, name = bool(match.group(1)), match.group(2)
        yield closing, name, None
        if name in _RAW_TEXT and not closing:
            close = -1 if name == "plaintext" else cleaned.find(f"</{name}>", at)  # plaintext never ends
            at = len(cleaned) if close < 0 else close + len(name) + 3
            yield True, name, None


def html_to_text(fragment: str) -> str:
    """Readable plain text: block ends become newlines, tags go, entities are decoded, spaces folded.

    The HTML parser (nh3's) keeps every element here, so each place where markup stood is known: text on
    either side of a block element is on its own line, as a reader sees it, and texts joined across inline
    markup never make a tag of a "<" that the source wrote as text (`&lt;<b>p</b>` is "< p", not "<p")."""
    if not fragment:
        return ""
    source = _SURROGATE.sub(_NUL, fragment.replace("\x00", _NUL).replace("\r", ""))
    source = _LT_AS_TEXT.sub(rf"\g<0>{_MARK}", _OPENS.sub(rf"{_MARK}\g<0>", source))
    cleaned = nh3.clean(
        source,
        tags=_element_names(source),
        clean_content_tags=set(),
        attributes={"*": set()},
        strip_comments=False,
        link_rel=None,
    )
    pieces: list[str] = []
    dropped, depth = None, 0  # the element being dropped with its content, and how deep in it
    line_start = True  # nothing but spaces since the last newline
    for closing, name, text in _markup_and_text(cleaned):
        if dropped is not None:
            depth += (name == dropped) * (-1 if closing else 1)
            if depth == 0:
                dropped = None
                pieces.append(_MARK)
        elif text is not None:
            pieces.append(text)
            shown = text.rstrip(" \t\u00a0" + _CONTROLS)
            line_start = shown.endswith("\n") if shown else line_start
        elif name in DROP_WITH_CONTENT and not closing:
            dropped, depth = name, 1
        elif name in _LINE_ENDS and (closing or name == "br") or name in _BLOCKS and not line_start:
            pieces.append("\n")
            line_start = True
        elif name not in _BLOCKS:  # inline markup, a comment
            pieces.append(" " if name in _CELLS else _MARK)
    text = strip_control(_TAG_ACROSS.sub(lambda m: _CONTROL.sub(" ", m.group(0)), "".join(pieces)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain_title(raw: str) -> str:
    """A title as one line of text, whatever markup or entities the source put in it."""
    if "<" not in raw and "&" not in raw:
        return " ".join(strip_control(raw).split())
    return " ".join(html_to_text(raw).split())
