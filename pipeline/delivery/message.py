"""One email per subscriber: multipart/alternative (text, then HTML), UTF-8, with one-click unsubscribe.

Headline text comes from feeds, so it is folded to one line of plain text before it reaches a header: a
CR/LF in a title can never start a new header.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote

from pipeline.delivery.html import briefing_title, render_html
from pipeline.delivery.text import render_text
from pipeline.errors import ConfigError
from pipeline.sanitize import plain_title, strip_control

_MAX_HEADLINE = 140


def sender_address(mail_from: str) -> Address:
    """`settings.mail_from` ("Name <addr@domain>" or a bare address) as a checked header value."""
    name, addr = parseaddr(strip_control(mail_from or ""))
    local, _, domain = addr.partition("@")
    if not local or not domain or any(ch.isspace() for ch in addr):
        raise ConfigError(f"not a sender address: {mail_from!r}", resource="SIGNALDESK_MAIL_FROM")
    return Address(display_name=" ".join(name.split()), username=local, domain=domain)


def new_message_id(mail_from: str) -> str:
    return make_msgid(domain=sender_address(mail_from).domain)


def one_line(text: str, *, limit: int = _MAX_HEADLINE) -> str:
    """Plain text on one line: markup and entities resolved, every kind of line break folded to a space."""
    line = " ".join(plain_title(strip_control(text or "")).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def subject_for(day: date, headline: str | None) -> str:
    title = briefing_title(day)
    headline = one_line(headline or "")
    return f"{title}: {headline}" if headline else title


def top_headline(content: dict, categories: list[str] | None = None) -> str | None:
    """The best-scored story the subscriber will see: in their categories, when they chose some."""
    stories = [story for story in content.get("stories") or [] if isinstance(story, dict) and story.get("title")]
    if categories:
        stories = [story for story in stories if set(story.get("categories") or []) & set(categories)]
    if not stories:
        return None
    return max(stories, key=lambda story: float(story.get("score") or 0.0))["title"]


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
    message = EmailMessage()
    message["Subject"] = subject_for(day, headline)
    message["From"] = sender
    message["To"] = Address(display_name=subscriber.name or "", addr_spec=subscriber.email)
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = message_id
    mailto = f"mailto:{sender.addr_spec}?subject={quote('unsubscribe ' + subscriber.token)}"
    message["List-Unsubscribe"] = f"<{unsubscribe}>, <{mailto}>"
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
