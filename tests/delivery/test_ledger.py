"""The Delivery row transitions are atomic: of two runs that both saw a row pending, only one may send it."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from models import session_scope
from models.tables import Delivery
from models.types import utcnow
from pipeline.delivery import ledger
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import DAY, with_smtp
from tests.delivery.smtpd import Collector


def _one_row(url: str) -> int:
    with session_scope(url) as session:
        sid = add_subscriber(session, "ana@example.com").id
    with session_scope(url) as session:
        ledger.ensure_rows(session, DAY, [sid])
        ledger.ensure_rows(session, DAY, [sid])  # a second run's insert is a no-op, not an error
        return session.exec(select(Delivery.id)).one()


def test_only_one_of_two_runs_claims_a_row(db_url):
    row_id = _one_row(db_url)
    with session_scope(db_url) as first, session_scope(db_url) as second:
        assert first.get(Delivery, row_id).status == second.get(Delivery, row_id).status == "pending"
        assert ledger.claim(first, row_id, message_id="<one@x>") == "<one@x>"
        assert ledger.claim(second, row_id, message_id="<two@x>") is None
    with session_scope(db_url) as session:
        row = session.get(Delivery, row_id)
    assert (row.status, row.attempts, row.message_id) == ("sending", 1, "<one@x>")


def test_a_reclaim_keeps_the_first_message_id_and_only_stale_rows_are_taken(db_url):
    row_id = _one_row(db_url)
    with session_scope(db_url) as session:
        ledger.claim(session, row_id, message_id="<first@x>")
        an_hour_ago = utcnow() - timedelta(hours=1)
        assert ledger.claim(session, row_id, message_id="<second@x>", stale_before=an_hour_ago) is None
        assert ledger.claim(session, row_id, message_id="<second@x>", stale_before=utcnow()) == "<first@x>"
        ledger.mark_sent(session, row_id)
        assert ledger.claim(session, row_id, message_id="<third@x>", stale_before=utcnow()) is None
    with session_scope(db_url) as session:
        row = session.get(Delivery, row_id)
    assert (row.status, row.attempts, row.message_id) == ("sent", 2, "<first@x>")


def test_two_runs_at_once_send_each_message_once(settings, briefing, smtp_server):
    handler = Collector()
    settings = with_smtp(settings, smtp_server(handler).url())
    emails = [f"reader{i}@example.com" for i in range(6)]
    with session_scope(settings.db_url) as session:
        for email in emails:
            add_subscriber(session, email)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with session_scope(settings.db_url) as session:
                deliver_briefing(session, settings, DAY, retry_delays=())
        except BaseException as exc:  # surfaced below: a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(emails)
