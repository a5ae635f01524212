"""Delivery fixtures: a stored briefing with hostile feed text, subscribers, and real SMTP servers on loopback."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import SecretStr

from models import session_scope
from tests.delivery.smtpd import LoopbackSMTP
from tests.support import builders

DAY = date(2026, 1, 15)

# Hand-written in the shape the briefing stage writes, with what a hostile feed could smuggle in.
MARKDOWN = """# Signaldesk briefing · 2026-01-15

## Security

### [CISA adds Ivanti flaw to KEV](https://www.cisa.gov/news/kev-ivanti?src=feed&x=1)

Attackers exploit CVE-2026-0001. <script>alert("pwned")</script>
1 source: [CISA](https://www.cisa.gov/news/kev-ivanti?src=feed&x=1)

## Capital

### [Nvidia invests $2B in a cloud builder](https://example.com/nvidia-2b)

Read [the filing](javascript:alert(document.cookie)) or [this](data:text/html;base64,PHNjcmlwdD4=).
<img src="https://example.com/x.png" onerror="alert(1)"> <a href="https://example.com/ok" onclick="steal()">ok link</a>
"""

CONTENT = {
    "date": "2026-01-15",
    "generated_at": "2026-01-16T06:00:00+00:00",
    "tagger_version": "test",
    "stories": [
        {
            "id": "s-sec",
            "title": "CISA adds Ivanti flaw to KEV",
            "summary": "Attackers exploit CVE-2026-0001.",
            "categories": ["security"],
            "score": 0.7,
            "amounts": [],
            "orgs": ["CISA", "Ivanti"],
            "sources": [
                {
                    "url": "https://www.cisa.gov/news/kev-ivanti",
                    "publication": "CISA",
                    "source_key": "cisa",
                    "published_at": "2026-01-15T10:00:00+00:00",
                }
            ],
        },
        {
            "id": "s-cap",
            "title": "Nvidia invests $2B in a cloud builder",
            "summary": "A $2B stake.",
            "categories": ["capital", "infrastructure"],
            "score": 0.9,
            "amounts": [],
            "orgs": ["Nvidia"],
            "sources": [
                {
                    "url": "https://example.com/nvidia-2b",
                    "publication": "Example News",
                    "source_key": "ex",
                    "published_at": "2026-01-15T09:00:00+00:00",
                }
            ],
        },
    ],
    "sections": [{"category": "capital", "story_ids": ["s-cap"]}, {"category": "security", "story_ids": ["s-sec"]}],
    "takeaways": [],
    "coverage": {"sources_checked": 2, "sources_failed": [], "items_seen": 10, "items_in_window": 4, "stories": 2},
}


def store_briefing(url: str, *, day: date = DAY, markdown: str = MARKDOWN, content: dict | None = None) -> None:
    with session_scope(url) as session:
        builders.briefing(session, day.isoformat(), markdown=markdown, content=content or CONTENT)


@pytest.fixture
def briefing(settings):
    store_briefing(settings.db_url)
    return DAY


@pytest.fixture
def smtp_server():
    """Start a loopback SMTP server around a handler: `smtp_server(handler, **aiosmtpd_options)`."""
    started: list[LoopbackSMTP] = []

    def start(handler, **smtp_kwargs) -> LoopbackSMTP:
        controller = LoopbackSMTP(handler, **smtp_kwargs)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


def with_smtp(settings, url: str):
    return settings.model_copy(update={"smtp_url": SecretStr(url)})
