"""Delivery: the stored briefing rendered as an HTML email and sent once to each subscriber.

html -> text -> message (one per subscriber) -> smtp | outbox, driven by deliver (the exactly-once loop over
the Delivery rows kept by ledger). Subscribers and their preferences live in subscribers, every value checked
by subscriber_input. message builds its Subject, From, To and List-Unsubscribe with headers, from text made
header-safe by core.safe_text.
"""

from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.html import render_briefing_html, render_html
from pipeline.delivery.report import DeliveryReport, RecipientResult
from pipeline.delivery.subscribers import (
    add_subscriber,
    list_subscribers,
    remove_subscriber,
    set_preferences,
    subscriber_by_token,
    unsubscribe,
)
from pipeline.delivery.text import render_text

__all__ = [
    "DeliveryReport",
    "RecipientResult",
    "add_subscriber",
    "deliver_briefing",
    "list_subscribers",
    "remove_subscriber",
    "render_briefing_html",
    "render_html",
    "render_text",
    "set_preferences",
    "subscriber_by_token",
    "unsubscribe",
]
