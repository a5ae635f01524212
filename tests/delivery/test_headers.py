"""Feed text and subscriber names cannot add, remove or rewrite a header, read from the bytes on the wire.

The attack (issue 11): an RFC 2047 encoded-word whose decoded text holds CR/LF. CPython's email package before
3.11.10 / 3.12.5 (CVE-2024-6923) writes such a word back raw when it folds, so the reader decodes real header
lines (Bcc, Reply-To, a second To) or a blank line that makes the rest of the headers the body. Every check
here reads the message as the outbox wrote it and as the SMTP server received it, never a parsed value.
"""

from __future__ import annotations

import base64
import re
from copy import deepcopy
from email.parser import BytesParser
from email.policy import default as default_policy
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.safe_text import header_text
from models import session_scope
from models.tables import Subscriber
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.message import build_message, subject_for
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import CONTENT, DAY, store_briefing, with_smtp
from tests.delivery.smtpd import Collector
from tests.delivery.wire import decoded_words, display_name, field, field_names, split_raw

READER = "ana@example.com"
BCC_WORD = "=?utf-8?b?DQpCY2M6IHhAZXZpbC5leGFtcGxl?="  # CRLF "Bcc: x@evil.example"
REPLY_TO_WORD = "=?utf-8?q?=0D=0AReply-To=3A_a=40evil=2Eexample?="
BLANK_LINE_WORD = "=?utf-8?b?" + base64.b64encode(b"\r\n\r\n<h1>pwned</h1>").decode() + "?="
HOSTILE_HEADLINE = f"CISA flaw {BCC_WORD} {REPLY_TO_WORD} {BLANK_LINE_WORD}"
HOSTILE_NAME = "=?utf-8?b?" + base64.b64encode(b"\r\nTo: other@evil.example\r\nBcc: y@evil.example").decode() + "?="
HEADERS_WE_SET = [
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "mime-version",
    "content-type",
]


def _hostile_store(settings) -> None:
    """A briefing whose top story carries the encoded-words, and a subscriber whose stored name does (a row
    written before names were validated, so the message builder must not trust it)."""
    content = deepcopy(CONTENT)
    content["stories"][1]["title"] = HOSTILE_HEADLINE
    store_briefing(settings.db_url, content=content)
    with session_scope(settings.db_url) as session:
        session.add(Subscriber(email=READER, name=HOSTILE_NAME, token="tok-" + "h" * 40))


def _assert_headers_are_ours(raw: bytes) -> None:
    fields, body = split_raw(raw)
    lines = [line for f in fields for line in f.split(b"\n")]
    assert not [line for line in lines if line.lower().startswith((b"bcc:", b"reply-to:"))]
    assert sorted(field_names(fields)) == sorted(HEADERS_WE_SET)
    to = BytesParser(policy=default_policy).parsebytes(field(fields, "To") + b"\n\n")["To"]
    assert [a.addr_spec for a in to.addresses] == [READER]
    assert not [word for word in decoded_words(fields) if "\r" in word or "\n" in word]
    assert b"=?utf-8?b?DQpCY2M6" not in b"".join(fields)  # the feed's word is not left for a client to decode
    boundary = field(fields, "Content-Type").split(b'boundary="', 1)[1].split(b'"', 1)[0]
    assert body.startswith(b"--" + boundary) and b"<h1>pwned</h1>" not in body
    assert body.count(b"--" + boundary) == 3 and b"Content-Type: text/html" in body


def _sent_raw(settings, transport: str, smtp_server) -> list[bytes]:
    """Deliver the stored briefing; the messages as the outbox file holds them or the SMTP server got them."""
    handler = Collector()
    if transport == "smtp":
        settings = with_smtp(settings, smtp_server(handler).url())
    with session_scope(settings.db_url) as session:
        report = deliver_briefing(session, settings, DAY, retry_delays=())
    assert set(report.counts()) == {"sent"}
    if transport == "smtp":
        assert all(received.rcpt_tos == [received.rcpt_tos[0]] for received in handler.received)
        return [received.content for received in handler.received]
    return [path.read_bytes() for path in sorted(settings.outbox_dir.glob("*.eml"))]


@pytest.mark.parametrize("transport", ["outbox", "smtp"])
def test_encoded_words_in_a_headline_and_a_name_add_no_header(settings, smtp_server, transport):
    _hostile_store(settings)
    [raw] = _sent_raw(settings, transport, smtp_server)
    _assert_headers_are_ours(raw)


@pytest.mark.parametrize("transport", ["outbox", "smtp"])
def test_list_unsubscribe_is_two_plain_links_folded_only_between_them(settings, smtp_server, transport):
    settings = settings.model_copy(update={"public_url": "https://briefings.signaldesk.example.com/archive/"})
    store_briefing(settings.db_url)
    with session_scope(settings.db_url) as session:
        token = add_subscriber(session, READER).token
    [raw] = _sent_raw(settings, transport, smtp_server)
    fields, _body = split_raw(raw)
    unsubscribe = field(fields, "List-Unsubscribe")
    url = f"https://briefings.signaldesk.example.com/archive/unsubscribe/{token}"
    mailto = f"mailto:briefing@signaldesk.local?subject=unsubscribe%20{token}"
    assert re.fullmatch(rb"List-Unsubscribe: <([^<>\s]+)>,(?: |\r?\n )<([^<>\s]+)>", unsubscribe)
    assert re.sub(rb"\r?\n ", b" ", unsubscribe) == f"List-Unsubscribe: <{url}>, <{mailto}>".encode()
    assert field(fields, "List-Unsubscribe-Post") == b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    assert b"=?" not in unsubscribe


# ---- the property ----------------------------------------------------------------------------------------
_PAYLOADS = (
    b"\r\nBcc: x@evil.example",
    b"\r\n\r\n<h1>pwned</h1>",
    b"\nReply-To: a@evil.example",
    b"\r",
    b"\r\nTo: other@evil.example\r\n",
    b"\x00",
    b"\xff\xfe",
    "é\r\n".encode(),
)
_CONTROLS = tuple(map(chr, (*range(0, 32), 127, *range(0x80, 0xA0)))) + (
    "\u2028",
    "\u2029",
    "\ud800",
    "\udfff",
    "\u202e",
    "\ufeff",
    "\u200f",
    "\ufffe",
)
_PIECES = (
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
    "\\",
    ",",
    "@",
    "(",
    ")",
    ";",
    "Ünïcödé",
    "日本語",
    "—",
    "x" * 120,
    "é" * 60,
    " ",
    "\t",
)


def _encoded_word(charset: str, how: str, payload: bytes) -> str:
    if how in "bB":
        return f"=?{charset}?{how}?{base64.b64encode(payload).decode('ascii')}?="
    quoted = "".join(chr(b) if 33 <= b < 127 and chr(b) not in "=?_" else f"={b:02X}" for b in payload)
    return f"=?{charset}?{how}?{quoted}?="


_encoded_words = st.builds(
    _encoded_word,
    st.sampled_from(("utf-8", "UTF-8", "iso-8859-1", "utf-7", "x-bogus")),
    st.sampled_from("bBqQ"),
    st.one_of(st.sampled_from(_PAYLOADS), st.binary(max_size=40)),
)
_piece = st.one_of(st.text(max_size=30), st.sampled_from(_CONTROLS), st.sampled_from(_PIECES), _encoded_words)
hostile_text = st.one_of(st.lists(_piece, max_size=10).map(" ".join), st.lists(_piece, max_size=10).map("".join))
_SETTINGS = SimpleNamespace(
    mail_from="Signaldesk <briefing@desk.example>", public_url="https://briefings.desk.example/archive"
)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=hostile_text, name=hostile_text)
def test_any_headline_and_name_give_exactly_the_headers_we_set(headline, name):
    reader = SimpleNamespace(email=READER, name=name, token="t0ken_-x" * 6)
    message = build_message(
        settings=_SETTINGS,
        day=DAY,
        subscriber=reader,
        markdown_text="# Briefing\n\nOne.",
        headline=headline,
        message_id="<1@desk.example>",
    )
    for raw in (message.as_bytes(), message.as_bytes(policy=message.policy.clone(linesep="\r\n"))):
        fields, _body = split_raw(raw)
        assert sorted(field_names(fields)) == sorted(HEADERS_WE_SET)
        assert all(line.isascii() and len(line) <= 998 for f in fields for line in f.split(b"\n"))
        assert not [word for word in decoded_words(fields) if "\r" in word or "\n" in word]
        parsed = BytesParser(policy=default_policy).parsebytes(raw)
        assert str(parsed["Subject"]) == subject_for(DAY, headline)
        assert [a.addr_spec for a in parsed["To"].addresses] == [READER]
        assert display_name(field(fields, "To")) == header_text(name, limit=100)
        assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
