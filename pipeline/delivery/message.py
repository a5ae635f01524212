"""One email per subscriber: multipart/alternative (text, then HTML), UTF-8, with one-click unsubscribe.

Headline text comes from feeds and names from subscribers, so every word of the Subject and of a display
name passes `header_text` (core/safe_text.py): no line break in any spelling, no control character, and no
encoded-word that a reader would decode into one. Those headers and List-Unsubscribe are composed and folded
by headers.py, not by the interpreter's email package, whose folding of them has been wrong in some releases.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from core.errors import ConfigError
from core.safe_text import header_text
from core.sanitize import plain_title
from pipeline.briefing.contracts import Briefing
from pipeline.delivery import headers
from pipeline.delivery.html import briefing_title, render_html
from pipeline.delivery.text import render_text
from pipeline.mailbox import parse_mailbox

_MAX_HEADLINE = 140
_MAX_NAME = 100
# The values composed by headers.py are set raw and must go out exactly as folded there.
_POLICY = policy.default.clone(refold_source="none")


def sender_address(mail_from: str) -> Address:
    """`settings.mail_from` ("Name <addr@domain>" or a bare address) as a checked header value."""
    try:
        name, local, domain = parse_mailbox(mail_from)
    except ValueError as exc:
        raise ConfigError(f"{exc}, got {(mail_from or '')[:80]!r}", resource="SIGNALDESK_MAIL_FROM") from None
    return Address(display_name=header_text(name, limit=_MAX_NAME), username=local, domain=domain)


def recipient_address(subscriber) -> Address:
    """The To address; a stored name (which may predate validation) is made header-safe again here."""
    return Address(display_name=header_text(subscriber.name or "", limit=_MAX_NAME), addr_spec=subscriber.email)


def new_message_id(mail_from: str) -> str:
    return make_msgid(domain=sender_address(mail_from).domain)


def subject_for(day: date, headline: str | None) -> str:
    """The briefing's title and the headline as plain, header-safe text (markup and entities resolved)."""
    title = briefing_title(day)
    headline = header_text(plain_title(headline or ""), limit=_MAX_HEADLINE)
    return header_text(f"{title}: {headline}" if headline else title)


def top_headline(content: dict, categories: list[str] | None = None) -> str | None:
    """The best-scored story the subscriber will see (in their categories, when they chose some), read from
    the stored briefing JSON."""
    stories = [story for story in Briefing.from_json(content).stories if story.title]
    if categories:
        stories = [story for story in stories if set(story.categories) & set(categories)]
    if not stories:
        return None
    return max(stories, key=lambda story: story.score).title


def unsubscribe_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/unsubscribe/{quote(token, safe='')}"


def preferences_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/preferences/{quote(token, safe='')}"


def build_message(
    *, settings, day: date, subscriber, markdown_text: str, headline: str | None, message_id: str
) -> EmailMessage:
    """The complete message for one subscriber, ready for SMTP or the outbox."""
    sender = sender_address(settings.mail_from)
    unsubscribe = unsubscribe_url(settings.public_url, subscriber.token)
    message = EmailMessage(policy=_POLICY)
    recipient = recipient_address(subscriber)
    message.set_raw("Subject", headers.unstructured("Subject", subject_for(day, headline)))
    message.set_raw("From", headers.mailbox("From", sender.display_name, sender.addr_spec))
    message.set_raw("To", headers.mailbox("To", recipient.display_name, recipient.addr_spec))
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id
    mailto = f"mailto:{sender.addr_spec}?subject={quote('unsubscribe ' + subscriber.token)}"
    message.set_raw("List-Unsubscribe", headers.list_unsubscribe(unsubscribe, mailto))
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(render_text(markdown_text), subtype="plain", charset="utf-8")
    html = render_html(
        markdown_text,
        title=briefing_title(day),
        unsubscribe_url=unsubscribe,
        preferences_url=preferences_url(settings.public_url, subscriber.token),
    )
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message
