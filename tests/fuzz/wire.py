"""The wire lane: feed text and reader input on their way into mail headers and XML documents.

Headlines, subscriber names and search text reach places where one stray byte changes the meaning of
everything after it: an RFC 2047 encoded-word that decodes to CR/LF adds a `Bcc:` header on interpreters
with CVE-2024-6923, a U+FFFE makes a whole Atom feed ill-formed. The strategies mix encoded-words of
arbitrary bytes, C0/C1 controls, Unicode line separators, non-characters and lone surrogates into prose;
the checks read what goes out as bytes, as a mail client or an XML parser would, never the value we set.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.header import decode_header
from email.policy import default as default_policy
from types import SimpleNamespace
from urllib.parse import quote

import lxml.etree
from hypothesis import strategies as st

from tests.fuzz.checks import Unsanitized, Violation, expect

# ---- strategies -----------------------------------------------------------------------------------------
_INJECTED = (
    b"\r\nBcc: x@evil.example",
    b"\r\n\r\n<script>alert(1)</script>",
    b"\nReply-To: a@evil.example",
    b"\r\nTo: other@evil.example\r\n",
    b"\x00",
    b"\r",
    b"\xff\xfe",
    "é\r\n".encode(),
)
_CONTROLS = tuple(chr(c) for c in (*range(0, 32), 127, *range(0x80, 0xA0))) + (
    "\u2028",
    "\u2029",
    "\u0085",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\u200b",
    "\u202e",
    "\ufeff",
)
_WORDS = (
    "CISA",
    "flaw",
    "in",
    "Cisco",
    "IOS",
    "XE",
    "=?",
    "?=",
    "=?utf-8?",
    "?b?",
    "?q?",
    ":",
    "Bcc:",
    "<",
    ">",
    '"',
    ",",
    "@",
    "Ünïcödé",
    "日本",
    "—",
    "x" * 90,
    " ",
    "  ",
)
_CHARSETS = ("utf-8", "UTF-8", "iso-8859-1", "us-ascii", "unknown-8bit", "utf-7", "x-bogus")


def _encoded_word(charset: str, how: str, payload: bytes) -> str:
    if how == "b":
        return f"=?{charset}?b?{base64.b64encode(payload).decode('ascii')}?="
    quoted = "".join(chr(b) if 33 <= b < 127 and chr(b) not in "=?_" else f"={b:02X}" for b in payload)
    return f"=?{charset}?q?{quoted}?="


encoded_words = st.builds(
    _encoded_word,
    st.sampled_from(_CHARSETS),
    st.sampled_from(("b", "q", "B", "Q")),
    st.one_of(st.sampled_from(_INJECTED), st.binary(max_size=24)),
)
hostile_line = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from(_CONTROLS), encoded_words, st.text(max_size=12)), max_size=10
).map(" ".join)


# ---- mail headers ---------------------------------------------------------------------------------------
# Exactly these headers, once each, whatever the feed or the subscriber wrote.
_MAIL_HEADERS = (
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "mime-version",
    "content-type",
)
_FIELD_NAME = re.compile(rb"^[!-9;-~]+:")
_READER = "reader@example.com"
_PUBLIC_URL = "https://desk.example"


def _header_block(raw: bytes) -> list[bytes]:
    """The raw header lines of a serialized message, each unfolded field as one item."""
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    fields: list[bytes] = []
    for line in re.split(rb"\r?\n", head):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def _decoded(value: bytes) -> str:
    """A raw header value as a mail client shows it: encoded-words decoded, an unknown charset as Latin-1."""
    text = value.decode("ascii", errors="strict")
    return "".join(
        _decode_part(part, charset) if isinstance(part, bytes) else part for part, charset in decode_header(text)
    )


def _decode_part(part: bytes, charset: str | None) -> str:
    try:
        return part.decode(charset or "ascii", errors="replace")
    except LookupError:
        return part.decode("latin-1")


def _check_raw_message(raw: bytes, where: str) -> None:
    fields = _header_block(raw)
    names = []
    for field in fields:
        expect(
            _FIELD_NAME.match(field) is not None,
            f"{where}: a header line that is no field: {field[:80]!r}",
            Unsanitized,
        )
        expect(b"\r" not in field, f"{where}: a bare CR inside a header: {field[:80]!r}", Unsanitized)
        name, _, value = field.partition(b":")
        names.append(name.decode("ascii").lower())
        decoded = _decoded(value.strip())
        bad = [ch for ch in decoded if unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != "\t"]
        expect(not bad, f"{where}: {name!r} decodes to control characters {bad!r}", Unsanitized)
    expect(sorted(names) == sorted(_MAIL_HEADERS), f"{where}: headers {names}, expected {_MAIL_HEADERS}", Unsanitized)
    parsed = message_from_bytes(raw, policy=default_policy)
    addresses = [a.addr_spec for a in parsed["To"].addresses]
    expect(addresses == [_READER], f"{where}: To names {addresses}", Unsanitized)
    parts = [part.get_content_type() for part in parsed.iter_parts()]
    expect(parts == ["text/plain", "text/html"], f"{where}: body parts {parts}", Unsanitized)
    unsubscribe = next(f for f in fields if f.lower().startswith(b"list-unsubscribe:"))
    expect(
        unsubscribe.split(b":", 1)[1].strip().startswith(f"<{_PUBLIC_URL}/unsubscribe/".encode()),
        f"{where}: List-Unsubscribe is not a plain link: {unsubscribe[:100]!r}",
        Violation,
    )


def check_mail_headers(sample: tuple[str, str]) -> None:
    """A briefing mail with a hostile top headline and a hostile subscriber name, as the outbox writes it
    (LF) and as SMTP sends it (CRLF)."""
    from pipeline.delivery.message import build_message

    headline, name = sample
    settings = SimpleNamespace(mail_from="Signaldesk <briefing@signaldesk.local>", public_url=_PUBLIC_URL)
    subscriber = SimpleNamespace(name=name, email=_READER, token="t0ken")
    message = build_message(
        settings=settings,
        day=date(2026, 4, 15),
        subscriber=subscriber,
        markdown_text="# Briefing\n\nOne story.",
        headline=headline,
        message_id="<1@signaldesk.local>",
    )
    _check_raw_message(message.as_bytes(), "outbox")
    _check_raw_message(message.as_bytes(policy=message.policy.clone(linesep="\r\n")), "smtp")


# ---- XML documents --------------------------------------------------------------------------------------
def _xml_char(ch: str) -> bool:
    code = ord(ch)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _comparable(text: str) -> str:
    """What an XML writer may keep of `text`: no control, surrogate or non-character, whitespace folded."""
    kept = "".join(
        ch for ch in text if _xml_char(ch) and unicodedata.category(ch) not in ("Cc", "Cs") and ch != "\ufffd"
    )
    return " ".join(kept.split())


def _strict(document: bytes, where: str):
    parser = lxml.etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    try:
        return lxml.etree.fromstring(document, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise Unsanitized(f"{where}: ill-formed XML ({exc})") from None


def check_atom(sample: tuple[str, str, str, str]) -> None:
    """The public Atom feed of a search: a hostile query in its title and self link, hostile stored text."""
    from web.feeds import ATOM, atom_feed
    from web.queries.signals import SignalItem

    query, title, summary, url = sample
    item = SignalItem(
        document_id=1,
        title=title,
        summary=summary,
        url=url,
        publication=None,
        source_key="x",
        published_at=datetime(2026, 4, 15, tzinfo=UTC),
        categories=["security"],
    )
    # The archive builds the self link from the request URL, percent-encoded: any bytes, never a raw character.
    query_in_url = quote(query.encode("utf-8", "surrogatepass"))
    document = atom_feed(
        title=f"Signaldesk: {query}",
        feed_url=f"{_PUBLIC_URL}/feeds/signals.atom?q={query_in_url}",
        page_url=f"{_PUBLIC_URL}/signals",
        items=[item],
        base_url=_PUBLIC_URL,
    )
    root = _strict(document, "atom")
    entry_title = root.find(f"{{{ATOM}}}entry/{{{ATOM}}}title").text or ""
    expect(
        _comparable(entry_title) == _comparable(title),
        f"atom: entry title {entry_title!r} is not the stored title {title!r}",
    )


def check_opml(sample: tuple[str, str]) -> None:
    """`sources export` of a source whose name and URL came from a hostile OPML import reads back the same."""
    from core.errors import SignaldeskError
    from pipeline.sources import from_opml, to_opml, validate

    name, url = sample
    try:
        spec = validate({"key": "hostile", "name": name, "url": url, "kind": "feed", "tier": "press"}, "fuzz")
    except SignaldeskError:
        return  # refused on the way in: nothing to export
    document = to_opml([spec])
    _strict(document.encode("utf-8"), "opml")
    back = from_opml(document, "fuzz")
    expect(back == [spec], f"opml: {spec!r} exported and read back as {back!r}")
