"""Strategies for the small languages sources and users write: URLs, dates, credits, amounts, searches.

Each mixes well-formed pieces with the odd ones real feeds serve (IPv6 hosts, bad ports, year 9999, named
zones, nested parentheses) and with arbitrary text, so both the happy paths and the edges get inputs.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from tests.fuzz.html_grammar import hostile_html, url_values

any_text = st.text(max_size=80)

# ---- URLs -----------------------------------------------------------------------------------------------
_HOSTS = (
    "example.com",
    "WWW.Example.COM",
    "www.www.example.com",
    "www.",
    "a.b.",
    ".",
    "[::1]",
    "[fe80::1%25eth0]",
    "[::ffff:127.0.0.1]",
    "[",
    "]",
    "127.0.0.1",
    "ex ample.com",
    "xn--bcher-kva.example",
    "bücher.example",
    "EXAMPLE.com.",
    "a\uff03b",
    "user:pw@host.example",
    "@",
    "",
)
_PORTS = ("", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":99999", ":x", ":", ":-1", ":0443")
_PATHS = ("", "/", "//", "/a/b/", "/a//", "/%7Euser", "/a b", "/ü", "/..", "/a/./b", "/?", "/#")
_QUERY_KEYS = (
    "utm_source",
    "UTM_Medium",
    "%75tm_campaign",
    "utm_",
    "id",
    "a",
    "fbclid",
    "ref",
    "q",
    "",
    "utm_source%00",
    "+utm_x",
    "page",
)


@st.composite
def urls(draw) -> str:
    scheme = draw(
        st.sampled_from(
            ("http://", "https://", "HTTP://", "HtTpS://", "//", "", "ftp://", "http:", "javascript:", " http://")
        )
    )
    pairs = st.tuples(st.sampled_from(_QUERY_KEYS), st.sampled_from(("1", "", "a b", "%ZZ", "=", "%20")))
    query = "&".join(f"{k}={v}" for k, v in draw(st.lists(pairs, max_size=4)))
    parts = [scheme, draw(st.sampled_from(_HOSTS)), draw(st.sampled_from(_PORTS)), draw(st.sampled_from(_PATHS))]
    if query or draw(st.booleans()):
        parts.append("?" + query)
    if draw(st.booleans()):
        parts.append("#" + draw(st.sampled_from(("frag", "", "a?b=c", "utm_source=x"))))
    return "".join(parts)


any_url = st.one_of(urls(), url_values, any_text, st.from_regex(r"\Ahttps?://[^\s]{0,40}\Z"))
bases = st.one_of(
    st.none(),
    st.sampled_from(("https://www.nist.gov/news", "http://[::1]/", "", "not a url", "http://a:99999/", "//[")),
    any_text,
)

# ---- dates ----------------------------------------------------------------------------------------------
_ZONE_NAMES = ("EDT", "EST", "PST", "GMT", "UT", "Z", "IST", "XYZ", "A", "+0000", "-2400", "+9999", "-0000", "")
_EXTREME = st.sampled_from(
    (datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), datetime(1970, 1, 1), datetime(2000, 2, 29))
)
instants = st.one_of(_EXTREME, st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))


@st.composite
def dates(draw) -> str:
    moment = draw(instants)
    form = draw(st.integers(0, 5))
    if form == 0:
        return moment.strftime("%a, %d %b %Y %H:%M:%S ") + draw(st.sampled_from(_ZONE_NAMES))
    if form == 1:
        offset = timedelta(minutes=draw(st.integers(-1439, 1439)))
        return moment.replace(tzinfo=timezone(offset)).isoformat()
    if form == 2:
        return moment.isoformat() + draw(st.sampled_from(("Z", "", "+00:00", "-05:00", "+24:00", "z")))
    if form == 3:
        return moment.strftime(draw(st.sampled_from(("%B %d, %Y", "%B %d, %Y, %I:%M %p", "%Y-%m-%d", "%d %B %Y"))))
    if form == 4:
        return draw(st.from_regex(r"\A[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{1,5} \d\d:\d\d(:\d\d)? [A-Z+\-0-9]{0,6}\Z"))
    return draw(any_text)


zones = st.one_of(
    st.none(),
    st.sampled_from(
        (
            "America/New_York",
            "UTC",
            "Etc/GMT+5",
            "America",
            "",
            "../etc/passwd",
            "/etc/localtime",
            "Nowhere/Land",
            "America/New_York\x00",
            " ",
        )
    ),
    st.text(max_size=20),
)

# ---- Techmeme credits -----------------------------------------------------------------------------------
_CREDITS = (
    "(Josh Constine/TechCrunch)",
    "(Bloomberg)",
    "(A/B/C)",
    "(/)",
    "( / Outlet)",
    "(Author/)",
    "()",
    "((nested)/x)",
    "(a) (b/c)",
    "(x/y",
    "x/y)",
    "(\n/\n)",
    "( )",
    "(Ünï/Cödé)",
)
_TITLE_WORDS = ("Apple", "buys", "Intel's", "unit", "for", "$5B", "(1/2)", ":", "—", "\n", "  ", "<b>x</b>", "&amp;")


@st.composite
def credit_titles(draw) -> str:
    words = draw(st.lists(st.sampled_from(_TITLE_WORDS), max_size=6))
    suffix = draw(st.sampled_from(_CREDITS + ("",)))
    return " ".join(words) + draw(st.sampled_from((" ", "", "  \n"))) + suffix + draw(st.sampled_from(("", " ", "\n")))


_PERMALINK_TITLES = ("Techmeme Permalink", "TECHMEME PERMALINK", "techmeme permalink", "Permalink", "")


@st.composite
def techmeme_descriptions(draw) -> str:
    """The shape of a Techmeme feed description, with every piece optional, swapped or hostile."""
    pieces = []
    if draw(st.booleans()):
        pieces.append(
            f'<A HREF="{draw(url_values)}" TITLE="{draw(st.sampled_from(_PERMALINK_TITLES))}">'
            '<IMG SRC="http://www.techmeme.com/img/pml.png"></A>'
        )
    if draw(st.booleans()):
        author = draw(st.sampled_from(("Josh Constine / ", " / ", "", "A/B / ", "\n")))
        pieces.append(f'<P>{author}<A HREF="{draw(url_values)}">{draw(st.sampled_from(("TechCrunch", "", " ")))}</A>:')
    if draw(st.booleans()):
        pieces.append(f'<B><A HREF="{draw(url_values)}">{draw(st.sampled_from(_TITLE_WORDS))}</A></B>')
    pieces.append(draw(hostile_html(max_leaves=4)))
    return "".join(draw(st.permutations(pieces)))


# ---- money and measures ---------------------------------------------------------------------------------
NOT_MONEY = (
    "5G",
    "Windows 11",
    "$NVDA",
    "$AAPL",
    "iPhone 15",
    "3nm",
    "Series B",
    "COVID-19",
    "4K",
    "Top 10",
    "2024",
    "H100",
    "MS-DOS 6.22",
    "100 GW",
    "5 million users",
    "1.5 GW",
    "B200s",
    "CVE-2024-12345",
    "CVSS 9.8",
    "v2.0",
    "Q3",
    "10x",
    "#1",
    "3.5-inch",
    "24/7",
    "1,000 chips",
    "7 to 10",
    "$-",
    "x$5",
    "$MSFT:",
    "€uro",
    "won 3 awards",
)
# Bare signs and scale words: joined to a number by chance they do make money, so only general prose has them.
_LOOSE = ("$", "€", "¥", "£ ", "US$", "million", "billion", "won")
MONEY = (
    "$5",
    "$350M",
    "US$1.2 billion",
    "€40 million",
    "£3bn",
    "5 billion dollars",
    "3 trillion won",
    "¥1,000",
    "$99/month",
    "$200-a-month",
    "$5-10 million",
    "CHF 30",
    "₹500 crore",
    "HK$3",
    "$1,234,567.89",
    "€ 5",
)
_FILLERS = ("raises", "at a valuation of", "up to", "for", "per year", " ", ", ", ". ", "\n", "the", "(", ")", "—")


def prose(pieces=NOT_MONEY + MONEY + _LOOSE):
    return st.lists(st.one_of(st.sampled_from(pieces + _FILLERS), st.text(max_size=8)), max_size=12).map(" ".join)


no_money_prose = st.lists(st.sampled_from(NOT_MONEY + _FILLERS), max_size=12).map(" ".join)

# ---- searches -------------------------------------------------------------------------------------------
_SEARCH_BITS = (
    '"',
    '""',
    '"data center"',
    "NEAR(a b)",
    "NEAR/3",
    "*",
    "^",
    "{a}",
    "title:x",
    "a:b",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "(",
    ")",
    "'",
    "nvidia",
    "Zürich",
    "é",
    "e\u0301",
    "日本",
    "🎉",
    "_",
    "__",
    "x_y",
    "\u200b",
    "\t",
    " ",
    "  ",
    ":",
    "\x00",
    "\\",
    "%",
    "'; DROP TABLE document; --",
    "ﬁ",
    "Ⅻ",
    "ß",
)
search_texts = st.one_of(
    st.lists(st.sampled_from(_SEARCH_BITS), max_size=10).map(" ".join),
    st.lists(st.sampled_from(_SEARCH_BITS), max_size=10).map("".join),
    st.text(max_size=60),
    st.text(max_size=300),
)
