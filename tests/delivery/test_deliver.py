"""Exactly-once delivery over a real SMTP server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from core.errors import InputError
from models import session_scope
from models.tables import Delivery, Subscriber
from models.types import utcnow
from pipeline.delivery import ledger
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber, unsubscribe
from tests.delivery.conftest import DAY, with_smtp
from tests.delivery.smtpd import Collector, DeferOnce, DropOnRecipient, Refuse

READERS = ("ana@example.com", "bo@example.com", "cy@example.com")
FAST = (0.01, 0.01)


def _subscribe(url: str, *emails: str, **prefs) -> None:
    with session_scope(url) as session:
        for email in emails:
            add_subscriber(session, email, **prefs)


def _deliver(settings, **options):
    options.setdefault("retry_delays", FAST)
    with session_scope(settings.db_url) as session:
        return deliver_briefing(session, settings, DAY, **options)


def _rows(url: str) -> dict[str, Delivery]:
    with session_scope(url) as session:
        joined = select(Subscriber.email, Delivery).join(Delivery, Delivery.subscriber_id == Subscriber.id)
        pairs = session.exec(joined)
        return {email: row for email, row in pairs}


def test_one_message_per_subscriber_and_none_twice_on_a_rerun(settings, briefing, smtp_server):
    handler = Collector()
    server = smtp_server(handler)
    settings = with_smtp(settings, server.url())
    _subscribe(settings.db_url, *READERS)

    first = _deliver(settings)
    assert first.counts() == {"sent": 3} and first.ok
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(READERS)
    for received in handler.received:
        message = received.message
        assert message.get_content_type() == "multipart/alternative"
        assert received.mail_from == "briefing@signaldesk.local"
        assert message["To"].addresses[0].addr_spec == received.rcpt_tos[0]
    rows = _rows(settings.db_url)
    assert {email: row.message_id for email, row in rows.items()} == {
        r.rcpt_tos[0]: r.message["Message-ID"].strip() for r in handler.received
    }
    assert all(row.status == "sent" and row.attempts == 1 and row.sent_at for row in rows.values())

    second = _deliver(settings)
    assert second.counts() == {"skipped": 3}
    assert len(handler.received) == 3


def test_a_greylisted_recipient_is_retried_after_the_others(settings, briefing, smtp_server):
    handler = DeferOnce("ana@example.com")
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)

    report = _deliver(settings)
    assert report.counts() == {"sent": 3}
    # ana's first try was answered 451: bo and cy went out before her retry.
    assert [r.rcpt_tos[0] for r in handler.received][-1] == "ana@example.com"
    assert [len(handler.to(email)) for email in READERS] == [1, 1, 1]
    rows = _rows(settings.db_url)
    assert rows["ana@example.com"].attempts == 2 and rows["bo@example.com"].attempts == 1


def test_a_550_fails_that_recipient_only_and_keeps_the_servers_answer(settings, briefing, smtp_server):
    handler = Refuse("bo@example.com")
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)

    report = _deliver(settings)
    assert report.outcome_of("bo@example.com") == "failed" and not report.ok
    assert report.counts() == {"sent": 2, "failed": 1}
    bo = _rows(settings.db_url)["bo@example.com"]
    assert bo.status == "failed" and "550" in bo.error and bo.attempts == 1

    # A re-run does not hammer a refused address...
    assert _deliver(settings).outcome_of("bo@example.com") == "failed"
    assert handler.to("bo@example.com") == []
    # ...until the operator asks, after fixing the cause.
    handler.refused.clear()
    retried = _deliver(settings, retry_failed=True)
    assert retried.counts() == {"sent": 1, "skipped": 2}
    assert [len(handler.to(email)) for email in READERS] == [1, 1, 1]


def test_a_dropped_connection_is_retried_on_a_new_connection(settings, briefing, smtp_server):
    handler = DropOnRecipient("bo@example.com", times=1)
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)

    report = _deliver(settings)
    assert handler.drops == 1
    assert report.counts() == {"sent": 3}
    assert [len(handler.to(email)) for email in READERS] == [1, 1, 1]


def test_a_recipient_that_keeps_failing_stays_pending_with_its_message_id(settings, briefing, smtp_server):
    handler = DropOnRecipient("bo@example.com", times=10)
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)

    report = _deliver(settings)
    assert report.outcome_of("bo@example.com") == "deferred"
    assert report.counts() == {"sent": 2, "deferred": 1}
    bo = _rows(settings.db_url)["bo@example.com"]
    assert bo.status == "pending" and bo.attempts == 1 + len(FAST) and "connection" in bo.error

    handler.remaining.clear()
    later = _deliver(settings)
    assert later.counts() == {"sent": 1, "skipped": 2}
    [received] = handler.to("bo@example.com")
    assert received.message["Message-ID"].strip() == bo.message_id


def test_a_crash_between_two_recipients_then_a_rerun_sends_only_the_missing(settings, briefing, smtp_server):
    handler = Collector()
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)

    class Crash(Exception):
        pass

    def crash_after_first(result):
        raise Crash(result.email)

    with pytest.raises(Crash) as crashed:
        _deliver(settings, on_result=crash_after_first)
    first = crashed.value.args[0]
    assert [r.rcpt_tos for r in handler.received] == [[first]]
    assert sorted(row.status for row in _rows(settings.db_url).values()) == ["pending", "pending", "sent"]

    rerun = _deliver(settings)
    assert rerun.outcome_of(first) == "skipped"
    assert rerun.counts() == {"sent": 2, "skipped": 1}
    assert [len(handler.to(email)) for email in READERS] == [1, 1, 1]


def _leave_sending(url: str, email: str, *, minutes_ago: int, message_id: str | None = None) -> None:
    """What a run killed mid-send leaves behind."""
    with session_scope(url) as session:
        sid = session.exec(select(Subscriber.id).where(Subscriber.email == email)).one()
        session.exec(
            update(Delivery)
            .where(Delivery.subscriber_id == sid)
            .values(
                status="sending",
                attempts=1,
                message_id=message_id,
                updated_at=utcnow() - timedelta(minutes=minutes_ago),
            )
        )


def test_smtp_a_send_interrupted_by_a_dead_run_is_unknown_until_resend_is_asked(settings, briefing, smtp_server):
    handler = Collector()
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)
    _deliver(settings, recipients=["cy@example.com"])
    with session_scope(settings.db_url) as session:
        ledger.ensure_rows(session, DAY, [s.id for s in session.exec(select(Subscriber))])
    _leave_sending(settings.db_url, "ana@example.com", minutes_ago=30, message_id="<kept.1@signaldesk.local>")
    _leave_sending(settings.db_url, "bo@example.com", minutes_ago=1, message_id="<kept.2@signaldesk.local>")

    report = _deliver(settings)
    assert report.outcome_of("ana@example.com") == "unknown"  # its run is dead: may or may not have arrived
    assert report.outcome_of("bo@example.com") == "in flight"  # its run may still be sending
    assert report.outcome_of("cy@example.com") == "skipped"
    assert len(handler.received) == 1 and not report.ok

    resent = _deliver(settings, resend_unknown=True)
    assert resent.outcome_of("ana@example.com") == "sent"
    [ana] = handler.to("ana@example.com")
    assert ana.message["Message-ID"].strip() == "<kept.1@signaldesk.local>"
    assert handler.to("bo@example.com") == []
    assert _rows(settings.db_url)["ana@example.com"].attempts == 2


def test_outbox_mode_writes_one_parseable_eml_per_subscriber(settings, briefing):
    assert settings.smtp_url is None
    _subscribe(settings.db_url, *READERS)
    report = _deliver(settings)
    assert report.counts() == {"sent": 3} and report.transport.startswith("outbox")
    files = sorted(settings.outbox_dir.glob("*.eml"))
    assert len(files) == 3 and all(f.name.startswith("2026-01-15-subscriber-") for f in files)
    assert {f.stat().st_mode & 0o777 for f in files} == {0o600}  # each holds its reader's unsubscribe link
    from email import message_from_bytes, policy

    recipients = set()
    for path in files:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message.get_content_type() == "multipart/alternative"
        assert "CISA adds Ivanti flaw to KEV" in message.get_body(("plain",)).get_content()
        recipients.add(message["To"].addresses[0].addr_spec)
    assert recipients == set(READERS)
    stamps = {f: f.stat().st_mtime_ns for f in files}

    assert _deliver(settings).counts() == {"skipped": 3}
    assert {f: f.stat().st_mtime_ns for f in files} == stamps
    assert sorted(settings.outbox_dir.iterdir()) == files  # no temporary files left behind


def test_outbox_mode_settles_a_dead_runs_send_by_looking_for_the_file(settings, briefing):
    _subscribe(settings.db_url, "ana@example.com", "bo@example.com")
    _deliver(settings, recipients=["ana@example.com"])
    ana_file = next(settings.outbox_dir.glob("*.eml"))
    stamp = ana_file.stat().st_mtime_ns
    _leave_sending(settings.db_url, "ana@example.com", minutes_ago=30, message_id="<a@x>")  # file exists
    with session_scope(settings.db_url) as session:
        ledger.ensure_rows(session, DAY, [s.id for s in session.exec(select(Subscriber))])
    _leave_sending(settings.db_url, "bo@example.com", minutes_ago=30, message_id="<b@x>")  # file missing

    report = _deliver(settings)
    assert report.counts() == {"sent": 2}
    assert ana_file.stat().st_mtime_ns == stamp
    rows = _rows(settings.db_url)
    assert rows["ana@example.com"].status == "sent" and rows["bo@example.com"].status == "sent"
    assert len(list(settings.outbox_dir.glob("*.eml"))) == 2


def test_dry_run_sends_and_records_nothing(settings, briefing, smtp_server):
    handler = Collector()
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, *READERS)
    report = _deliver(settings, dry_run=True)
    assert report.counts() == {"would send": 3}
    assert handler.received == [] and _rows(settings.db_url) == {}


def test_only_active_and_chosen_subscribers_are_sent_to(settings, briefing):
    _subscribe(settings.db_url, *READERS)
    with session_scope(settings.db_url) as session:
        bo = session.exec(select(Subscriber).where(Subscriber.email == "bo@example.com")).one()
        unsubscribe(session, bo.token)
    assert {r.email for r in _deliver(settings).results} == {"ana@example.com", "cy@example.com"}
    with pytest.raises(InputError, match="bo@example.com"):
        _deliver(settings, recipients=["bo@example.com"])


def test_an_unknown_day_is_a_clear_error(settings):
    with session_scope(settings.db_url) as session:
        with pytest.raises(InputError, match="no briefing stored for 2026-01-14"):
            deliver_briefing(session, settings, date(2026, 1, 14))


def test_a_security_subscriber_gets_only_security(settings, briefing, smtp_server):
    pytest.importorskip("pipeline.briefing", reason="per-subscriber filtering needs the briefing stage")
    handler = Collector()
    settings = with_smtp(settings, smtp_server(handler).url())
    _subscribe(settings.db_url, "ana@example.com", categories="security")
    _subscribe(settings.db_url, "bo@example.com")

    assert _deliver(settings).counts() == {"sent": 2}
    [ana] = handler.to("ana@example.com")
    ana_text = ana.message.get_body(("plain",)).get_content()
    assert "CISA adds Ivanti flaw to KEV" in ana_text and "Nvidia invests" not in ana_text
    assert ana.message["Subject"].endswith(": CISA adds Ivanti flaw to KEV")
    [bo] = handler.to("bo@example.com")
    assert "Nvidia invests" in bo.message.get_body(("plain",)).get_content()
    assert bo.message["Subject"].endswith(": Nvidia invests $2B in a cloud builder")


def test_a_recipient_a_killed_run_was_sending_is_reported_in_flight_since_its_claim(settings, briefing):
    _subscribe(settings.db_url, "ana@example.com", "bo@example.com")
    with session_scope(settings.db_url) as session:
        ledger.ensure_rows(session, DAY, [s.id for s in session.exec(select(Subscriber))])
    _leave_sending(settings.db_url, "bo@example.com", minutes_ago=3)
    claimed = _rows(settings.db_url)["bo@example.com"].updated_at

    report = _deliver(settings)
    [bo] = [result for result in report.results if result.email == "bo@example.com"]
    assert bo.outcome == "in flight" and not report.ok
    assert f"in flight since {claimed:%Y-%m-%d %H:%M:%S} UTC" in bo.detail
    assert f"from {claimed + timedelta(minutes=15):%H:%M} UTC" in bo.detail
    line = report.format().splitlines()[1]
    assert line.split()[:3] == ["in", "flight", "bo@example.com"] and "in flight since" in line
    assert report.summary().endswith("1 sent, 1 in flight")


def test_a_dry_run_shows_a_claimed_recipient_in_flight_since_its_claim(settings, briefing):
    _subscribe(settings.db_url, "ana@example.com", "bo@example.com")
    with session_scope(settings.db_url) as session:
        ledger.ensure_rows(session, DAY, [s.id for s in session.exec(select(Subscriber))])
    _leave_sending(settings.db_url, "bo@example.com", minutes_ago=3)
    claimed = _rows(settings.db_url)["bo@example.com"].updated_at

    with session_scope(settings.db_url) as session:
        report = deliver_briefing(session, settings, DAY, dry_run=True)
    outcomes = {result.email: (result.outcome, result.detail) for result in report.results}
    assert outcomes["ana@example.com"] == ("would send", "")
    assert outcomes["bo@example.com"][0] == "in flight"
    assert f"in flight since {claimed:%Y-%m-%d %H:%M:%S} UTC" in outcomes["bo@example.com"][1]
    assert _rows(settings.db_url)["bo@example.com"].status == ledger.SENDING  # a preview changes nothing
