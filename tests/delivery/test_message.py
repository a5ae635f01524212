"""One message: multipart/alternative, the right headers, UTF-8, and no header injection from feed titles."""

from __future__ import annotations

from email import message_from_bytes, policy
from types import SimpleNamespace

import pytest

from core.errors import ConfigError
from pipeline.delivery.message import build_message, new_message_id, subject_for, top_headline
from pipeline.settings import Settings
from tests.delivery.conftest import CONTENT, DAY, MARKDOWN

SETTINGS = Settings(mail_from="Signaldesk <briefing@desk.example>", public_url="https://desk.example/")
READER = SimpleNamespace(email="ana@example.com", name="Ana Müller", token="tok_123-abc")


def _parsed(headline: str | None = "CISA adds Ivanti flaw to KEV"):
    message = build_message(
        settings=SETTINGS,
        day=DAY,
        subscriber=READER,
        markdown_text=MARKDOWN,
        headline=headline,
        message_id=new_message_id(SETTINGS.mail_from),
    )
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def test_multipart_alternative_with_text_first_then_html():
    parsed = _parsed()
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert "<https://example.com/nvidia-2b>" in parts[0].get_content()
    assert 'href="https://example.com/nvidia-2b"' in parts[1].get_content()
    assert "<script" not in parts[1].get_content()


def test_headers_identify_sender_recipient_and_message():
    parsed = _parsed()
    assert parsed["From"].addresses[0].addr_spec == "briefing@desk.example"
    assert parsed["To"].addresses[0].display_name == "Ana Müller"
    assert parsed["To"].addresses[0].addr_spec == "ana@example.com"
    assert parsed["Subject"] == "Signaldesk briefing — 2026-01-15: CISA adds Ivanti flaw to KEV"
    assert parsed["Message-ID"].endswith("@desk.example>")
    assert parsed["Date"].datetime.tzinfo is not None


def test_one_click_unsubscribe_headers():
    parsed = _parsed()
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    value = " ".join(str(parsed["List-Unsubscribe"]).split())
    assert "<https://desk.example/unsubscribe/tok_123-abc>" in value
    assert "<mailto:briefing@desk.example?subject=unsubscribe%20tok_123-abc>" in value
    html = parsed.get_body(("html",)).get_content()
    assert 'href="https://desk.example/preferences/tok_123-abc"' in html


def test_line_breaks_in_a_feed_title_cannot_add_headers():
    parsed = _parsed("Evil\r\nBcc: victim@example.net\r\n\r\n<b>body</b>\u2028X-Injected: 1")
    assert parsed["Bcc"] is None and parsed["X-Injected"] is None
    assert parsed["Subject"] == "Signaldesk briefing — 2026-01-15: Evil Bcc: victim@example.net body X-Injected: 1"
    assert parsed.get_content_type() == "multipart/alternative"


def test_subject_without_a_headline_and_long_headlines_are_cut():
    assert subject_for(DAY, None) == "Signaldesk briefing — 2026-01-15"
    long_subject = subject_for(DAY, "word " * 100)
    assert long_subject.endswith("…") and len(long_subject) < 200


def test_top_headline_follows_the_subscribers_categories():
    assert top_headline(CONTENT) == "Nvidia invests $2B in a cloud builder"
    assert top_headline(CONTENT, ["security"]) == "CISA adds Ivanti flaw to KEV"
    assert top_headline(CONTENT, ["policy"]) is None


def test_a_broken_sender_address_is_a_config_error():
    with pytest.raises(ConfigError, match="SIGNALDESK_MAIL_FROM"):
        new_message_id("Signaldesk without address")


@pytest.mark.parametrize(
    "mail_from",
    [
        "ops@example.com, ceo@example.com",
        "Name <x@example.com> trailing words",
        "<x@example.com> <y@example.com>",
        "x@example.com (ops)",
    ],
)
def test_a_sender_of_anything_but_one_mailbox_is_one_config_error(mail_from):
    with pytest.raises(ConfigError) as refused:
        _raw(SETTINGS.model_copy(update={"mail_from": mail_from}))
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_MAIL_FROM: ") and "one mailbox" in message and "\n" not in message


@pytest.mark.parametrize(
    ("mail_from", "header"),
    [
        ('"Desk, The" <a@b.example>', b'From: "Desk, The" <a@b.example>\n'),
        ("Signaldesk <briefing@desk.example>", b"From: Signaldesk <briefing@desk.example>\n"),
        ("briefing@desk.example", b"From: briefing@desk.example\n"),
        ('"Ops \\"Desk\\"" <a@b.example>', b'From: "Ops \\"Desk\\"" <a@b.example>\n'),
    ],
)
def test_one_sender_mailbox_goes_out_as_one_from_address(mail_from, header):
    raw = _raw(SETTINGS.model_copy(update={"mail_from": mail_from}))
    assert header in raw and raw.count(b"\nFrom: ") == 1


def _raw(settings) -> bytes:
    """The message's bytes as the outbox writes them."""
    message = build_message(
        settings=settings,
        day=DAY,
        subscriber=READER,
        markdown_text=MARKDOWN,
        headline=None,
        message_id="<m@desk.example>",
    )
    return message.as_bytes()
