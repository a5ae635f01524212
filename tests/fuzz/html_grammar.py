"""Hostile HTML built from a small grammar: the tricks XSS filter-evasion lists use, nested and broken.

Random text almost never forms a tag, so a strategy of plain strings would never reach the sanitizer's hard
cases. This one draws elements (allowed and dangerous, in any letter case), attributes (event handlers, URL
attributes carrying javascript:/data:/vbscript: in entity-encoded, split and padded spellings), comments,
CDATA, stray closers and unterminated tags, then lets them nest.
"""

from __future__ import annotations

from hypothesis import strategies as st

DANGEROUS_TAGS = (
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "object",
    "embed",
    "form",
    "input",
    "textarea",
    "base",
    "meta",
    "link",
    "noscript",
    "template",
    "frame",
    "frameset",
    "body",
    "html",
    "head",
    "title",
    "xmp",
    "plaintext",
    "noembed",
    "select",
    "option",
    "button",
    "video",
    "audio",
    "source",
    "details",
    "marquee",
    "animate",
    "set",
    "use",
    "foreignObject",
    "image",
    "applet",
    "isindex",
    "listing",
)
SAFE_TAGS = ("a", "b", "i", "p", "div", "span", "img", "table", "tr", "td", "li", "ul", "pre", "code", "h1", "br")
TAG_NAMES = DANGEROUS_TAGS + SAFE_TAGS

# Text words: none of them is a tag name, so a "<" + tag name in text output can only come from markup.
WORDS = (
    "Zebra",
    "quartz",
    "Ölung",
    "naïve",
    "1.5GW",
    "$20M",
    "日本語",
    "🎉",
    "x",
    "AT&T",
    "x < y",
    "5 > 3",
    "&amp;",
    "&lt;3",
    "&gt;",
    "&quot;",
    "&#169;",
    "&nbsp;",
    "&copy",
    "'",
    '"',
    "=",
    "//",
    "\n",
    "\t",
    " ",
)
# Entity-encoded markup: for the sanitizer it must stay text; html_to_text decodes it (it is the source's text).
ENCODED_MARKUP = (
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&LT;svg/onload=alert(1)&GT;",
    "%3Cscript%3E",
)

_SCRIPTY = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:x",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "livescript:x",
    "mocha:x",
    "&#x64;ata:text/html,x",
    "javascript://%0aalert(1)",
)
_BENIGN_URLS = (
    "https://example.com/a?b=1",
    "http://example.org",
    "/relative/path",
    "//evil.example/x",
    "mailto:a@example.com",
    "#top",
    "?q=1",
    "ftp://example.com/f",
    "",
    "x",
)
URL_ATTRS = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "data",
    "cite",
    "longdesc",
    "HREF",
    "SrC",
)
_HANDLERS = ("onerror", "onload", "onclick", "OnMouseOver", "onfocus", "ONBLUR", "onanimationstart", "onbegin")
_OTHER_ATTRS = ("style", "class", "title", "alt", "width", "id", "rel", "target", "srcdoc", "is")
_STYLES = (
    "color:red",
    "background:url(javascript:alert(1))",
    "x:expression(alert(1))",
    "behavior:url(x.htc)",
    "-moz-binding:url(x)",
    "width:1px",
)


def _quoted(value: str):
    return st.sampled_from(('"{}"', "'{}'", "{}", "`{}`", '"{}')).map(lambda form: form.format(value))


url_values = st.sampled_from(_SCRIPTY + _BENIGN_URLS)
attribute = st.one_of(
    st.tuples(st.sampled_from(URL_ATTRS), url_values.flatmap(_quoted)),
    st.tuples(st.sampled_from(_HANDLERS), st.sampled_from(("alert(1)", "x", "")).flatmap(_quoted)),
    st.tuples(st.sampled_from(_OTHER_ATTRS), st.sampled_from(_STYLES + ("a", "")).flatmap(_quoted)),
    st.tuples(st.sampled_from(_HANDLERS + URL_ATTRS), st.just("")),
).map(lambda pair: f"{pair[0]}={pair[1]}" if pair[1] else pair[0])


def _case(name: str):
    return st.sampled_from((name, name.upper(), name.capitalize(), name[:1].upper() + name[1:].lower()))


tag_name = st.sampled_from(TAG_NAMES).flatmap(_case)
_SEPARATORS = st.sampled_from((" ", "\n", "/", "\t", "  "))


@st.composite
def open_tag(draw, name: str | None = None) -> str:
    name = name or draw(tag_name)
    attrs = draw(st.lists(st.tuples(_SEPARATORS, attribute), max_size=3))
    end = draw(st.sampled_from((">", "/>", " >", "", ">")))  # "" leaves the tag unterminated
    return "<" + name + "".join(sep + attr for sep, attr in attrs) + end


def text(encoded_markup: bool = True):
    words = WORDS + ENCODED_MARKUP if encoded_markup else WORDS
    return st.lists(st.sampled_from(words), max_size=6).map("".join)


_ODDITIES = (
    "<!-- <script>alert(1)</script> -->",
    "<!-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "</script >",
    "</p>",
    "</",
    "<",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<script/xss src=x></script>",
    "<img src=x onerror=alert(1)//",
    "<a href='javascript:alert(1)",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=1>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'x';</style>",
    "<textarea></textarea><script>1</script>",
    "<iframe srcdoc='<script>1</script>'></iframe>",
    "\x00",
    "\ufeff",
    "<p\x00onclick=1>",
)


@st.composite
def element(draw, children, encoded_markup: bool = True) -> str:
    name = draw(tag_name)
    inner = "".join(draw(st.lists(children, max_size=3)))
    close = draw(st.sampled_from((f"</{name}>", f"</{name.upper()}>", "", f"</{name} x>")))
    return draw(open_tag(name)) + inner + close


def hostile_html(encoded_markup: bool = True, max_leaves: int = 12):
    leaves = st.one_of(text(encoded_markup), st.sampled_from(_ODDITIES), open_tag())
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            element(children, encoded_markup),
            st.lists(children, min_size=2, max_size=4).map("".join),
        ),
        max_leaves=max_leaves,
    )


_MD_LINKS = ("[x]({u})", "[x](<{u}>)", "![i]({u})", "<{u}>", "[r][1]\n\n[1]: {u}\n", '[x]({u} "t")')


@st.composite
def hostile_markdown(draw) -> str:
    """Briefing-like Markdown whose links, images and raw HTML come from a hostile feed."""
    blocks = []
    for kind in draw(
        st.lists(st.sampled_from(("heading", "link", "html", "list", "table", "code", "text")), min_size=1, max_size=6)
    ):
        if kind == "link":
            blocks.append(draw(st.sampled_from(_MD_LINKS)).format(u=draw(url_values)))
        elif kind == "html":
            blocks.append(draw(hostile_html(max_leaves=6)))
        elif kind == "heading":
            blocks.append("## " + draw(text()))
        elif kind == "list":
            blocks.append("\n".join("- " + draw(text()) for _ in range(draw(st.integers(1, 3)))))
        elif kind == "table":
            blocks.append("| a | b |\n|---|---|\n| " + draw(hostile_html(max_leaves=3)) + " | x |")
        elif kind == "code":
            blocks.append("`" + draw(hostile_html(max_leaves=3)) + "`")
        else:
            blocks.append(draw(text()))
    return draw(st.sampled_from(("\n\n", "\n", ""))).join(blocks)
