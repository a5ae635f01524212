"""Fault 2: an SMTP server that fails where tests/delivery does not reach. tests/delivery already covers a
451 then 250 (greylisting), a 550 at RCPT, a connection dropped at RCPT and a killed sender; here: the
connection dropped while the body is being sent, dropped after the body without a reply, a 451 followed by
a 554 for one recipient, on SQLite and PostgreSQL. Each time the ledger must end right: nobody sent twice
by us, the failing recipient marked with the server's words, the others sent once.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import session_scope
from models.tables import Delivery, Subscriber
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import DAY, store_briefing, with_smtp
from tests.faults.smtpd import ScriptedSMTP

READERS = ("ana@example.com", "bo@example.com", "cy@example.com")


@pytest.fixture
def mailing(settings):
    store_briefing(settings.db_url)
    with session_scope(settings.db_url) as session:
        for email in READERS:
            add_subscriber(session, email)
    return settings


def deliver(settings, server: ScriptedSMTP):
    with session_scope(settings.db_url) as session:
        return deliver_briefing(session, with_smtp(settings, server.url()), DAY, retry_delays=(0.01, 0.01))


def ledger(url: str) -> dict[str, Delivery]:
    with session_scope(url) as session:
        return dict(
            session.exec(
                select(Subscriber.email, Delivery).join(Delivery, Delivery.subscriber_id == Subscriber.id)
            ).all()
        )


def test_a_connection_dropped_mid_body_is_resent_whole_once(mailing):
    with ScriptedSMTP({"bo@example.com": ["drop-mid-data"]}) as server:
        report = deliver(mailing, server)
        rerun = deliver(mailing, server)
    assert [who for who, _read in server.partial] == ["bo@example.com"], "the first body was cut off"
    assert report.counts() == {"sent": 3} and rerun.counts() == {"skipped": 3}
    assert [len(server.to(email)) for email in READERS] == [1, 1, 1]
    rows = ledger(mailing.db_url)
    assert rows["bo@example.com"].status == "sent" and rows["bo@example.com"].attempts == 2
    assert server.to("bo@example.com")[0]["Message-ID"].strip() == rows["bo@example.com"].message_id


def test_a_drop_after_the_body_resends_with_the_same_message_id(mailing):
    # The server kept the message but its answer never came: the client cannot tell this from a loss, so
    # it resends. The copy carries the first attempt's Message-ID, which receivers deduplicate on.
    with ScriptedSMTP({"bo@example.com": ["drop-after-data"]}) as server:
        report = deliver(mailing, server)
    assert report.counts() == {"sent": 3}
    copies = server.to("bo@example.com")
    assert len(copies) == 2 and len({c["Message-ID"] for c in copies}) == 1
    assert copies[0]["Message-ID"].strip() == ledger(mailing.db_url)["bo@example.com"].message_id
    assert [len(server.to(email)) for email in ("ana@example.com", "cy@example.com")] == [1, 1]


def test_a_451_then_a_554_fails_that_recipient_and_no_rerun_retries_it(mailing):
    with ScriptedSMTP({"cy@example.com": ["451", "554"]}) as server:
        report = deliver(mailing, server)
        rerun = deliver(mailing, server)
        assert server.scripts["cy@example.com"] == [], "tried exactly twice"
    assert report.counts() == {"sent": 2, "failed": 1}
    assert report.outcome_of("cy@example.com") == "failed" and not report.ok
    assert rerun.outcome_of("cy@example.com") == "failed" and rerun.counts() == {"skipped": 2, "failed": 1}
    rows = ledger(mailing.db_url)
    cy = rows["cy@example.com"]
    assert cy.status == "failed" and cy.attempts == 2 and "554 5.7.1 message refused" in cy.error
    assert [rows[e].status for e in ("ana@example.com", "bo@example.com")] == ["sent", "sent"]
    assert [len(server.to(email)) for email in READERS] == [1, 1, 0]
