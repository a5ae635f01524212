"""Deliver a stored briefing to every active subscriber exactly once, by SMTP or to the outbox.

Per recipient: claim the Delivery row (pending -> sending, attempts+1, Message-ID fixed), send, mark sent.
A crash between two recipients leaves the first `sent` and the second `pending`, so a re-run sends exactly the
missing ones. A crash *during* a send leaves `sending`: once that row is older than `stale_after` its run is
taken for dead, and then
- outbox mode looks for the file (written atomically): there -> sent, absent -> written now;
- SMTP mode cannot know whether the server took it. The safe default is to send nothing and report the
  recipient as `unknown`; `resend_unknown=True` (CLI `--resend-unknown`) resends with the *same* Message-ID,
  which receivers that deduplicate by Message-ID collapse into one.
A 4xx or dropped connection releases the row and is retried after the others, with growing delays; a 5xx
marks it failed with the server's answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from sqlmodel import Session, select

from core.errors import DeliveryError, InputError
from models.tables import Briefing, Delivery, Subscriber
from models.types import utcnow
from pipeline.delivery import ledger
from pipeline.delivery.message import build_message, new_message_id, top_headline
from pipeline.delivery.outbox import OutboxSender
from pipeline.delivery.personalize import markdown_for
from pipeline.delivery.report import DeliveryReport, RecipientResult, in_flight
from pipeline.delivery.smtp import PermanentDeliveryError, SmtpSender, TransientDeliveryError, parse_smtp_url
from pipeline.delivery.subscriber_input import clean_email
from pipeline.delivery.subscribers import list_subscribers

DEFAULT_RETRY_DELAYS = (2.0, 10.0, 30.0)
DEFAULT_STALE_AFTER = timedelta(minutes=15)
MAX_ATTEMPTS = 8  # across runs: a recipient still deferred after this many tries is marked failed


def deliver_briefing(
    session: Session,
    settings,
    day: date,
    *,
    dry_run: bool = False,
    resend_unknown: bool = False,
    retry_failed: bool = False,
    recipients: Sequence[str] | None = None,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    on_result: Callable[[RecipientResult], None] | None = None,
) -> DeliveryReport:
    """Send the briefing of `day` to each active subscriber (or only `recipients`) once; report on each."""
    briefing = load_briefing(session, day)
    subscribers = _chosen(list_subscribers(session), recipients)
    compose = _composer(settings, briefing, subscribers)
    sender = _sender(settings, day)
    report = DeliveryReport(day=day, transport="dry run" if dry_run else _describe(settings))
    if dry_run:
        return _preview(session, day, subscribers, report, on_result, stale_after)
    if retry_failed:
        ledger.reopen_failed(session, day)
    ledger.ensure_rows(session, day, [s.id for s in subscribers])
    run = _Run(session, settings, day, sender, compose, resend_unknown, stale_after)
    with sender:
        # Temporary failures wait for a later round, so one slow recipient never holds up the others.
        waiting = _round(run, subscribers, report, on_result, final=not retry_delays)
        for index, delay in enumerate(retry_delays):
            if not waiting:
                break
            time.sleep(delay)
            waiting = _round(run, waiting, report, on_result, final=index == len(retry_delays) - 1)
    return report


def load_briefing(session: Session, day: date) -> Briefing:
    briefing = session.exec(select(Briefing).where(Briefing.day == day)).first()
    if briefing is None:
        raise InputError(
            f"no briefing stored for {day.isoformat()} (run `signaldesk run --date {day.isoformat()}` first)",
            resource=day.isoformat(),
        )
    return briefing


def _chosen(subscribers: list[Subscriber], recipients: Sequence[str] | None) -> list[Subscriber]:
    """All active subscribers, or those named; a name that is not an active subscriber is an error."""
    if recipients is None:
        return subscribers
    by_email = {s.email: s for s in subscribers}
    wanted = [clean_email(email) for email in recipients]
    missing = [email for email in wanted if email not in by_email]
    if missing:
        raise InputError("not an active subscriber (see `signaldesk subscribers list`)", resource=missing[0])
    return [by_email[email] for email in dict.fromkeys(wanted)]


class _Run:
    """What every recipient of one run shares."""

    def __init__(self, session, settings, day, sender, compose, resend_unknown, stale_after):
        self.session, self.settings, self.day = session, settings, day
        self.sender, self.compose = sender, compose
        self.resend_unknown, self.stale_after = resend_unknown, stale_after
        self.stale_before = utcnow() - stale_after


def _round(run: _Run, subscribers, report: DeliveryReport, on_result, *, final: bool) -> list[Subscriber]:
    """One pass over `subscribers`; returns those deferred by a temporary failure, to try again later."""
    rows = ledger.rows_for_day(run.session, run.day)
    deferred = []
    for subscriber in subscribers:
        row = rows.get(subscriber.id)
        if row is None:  # removed while this run was going
            continue
        result = _deliver_one(run, subscriber, row)
        if result.outcome == "deferred" and not final:
            deferred.append(subscriber)
            continue
        report.add(result)
        if on_result is not None:
            on_result(result)
    return deferred


def _deliver_one(run: _Run, subscriber: Subscriber, row: Delivery) -> RecipientResult:
    result = RecipientResult(
        subscriber_id=subscriber.id,
        email=subscriber.email,
        outcome="skipped",
        message_id=row.message_id,
        attempts=row.attempts,
    )
    stale = row.status == ledger.SENDING and row.updated_at < run.stale_before
    if row.status == ledger.SENT:
        return result.but(detail=f"already sent {row.sent_at:%Y-%m-%d %H:%M} UTC")
    if row.status == ledger.FAILED:
        return result.but(outcome="failed", detail=f"failed earlier: {row.error}")
    if row.status == ledger.SENDING and not stale:
        return result.but(outcome="in flight", detail=in_flight(row.updated_at, run.stale_after))
    if stale:
        found = run.sender.delivered(subscriber.id)
        if found:
            ledger.mark_sent(run.session, row.id)
            return result.but(outcome="sent", detail="delivered by an interrupted run (found in the outbox)")
        if found is None and not run.resend_unknown:
            return result.but(
                outcome="unknown",
                detail="an earlier run died while sending; it may have "
                "arrived (use --resend-unknown to send it again with the same Message-ID)",
            )
    return _send(run, subscriber, row, result)


def _send(run: _Run, subscriber: Subscriber, row: Delivery, result: RecipientResult) -> RecipientResult:
    fresh_id = row.message_id or new_message_id(run.settings.mail_from)
    message_id = ledger.claim(run.session, row.id, message_id=fresh_id, stale_before=run.stale_before)
    if message_id is None:
        return result.but(outcome="in flight", detail="claimed by another run at the same moment")
    result = result.but(message_id=message_id, attempts=row.attempts + 1, detail="")
    try:
        message = run.compose(subscriber, message_id)
    except BaseException:
        ledger.release(run.session, row.id, None)  # nothing has left yet: safe to hand the row back
        raise
    try:
        run.sender.send(message, subscriber_id=subscriber.id)
    except DeliveryError as exc:
        return _after_failure(run, row.id, exc, result)
    ledger.mark_sent(run.session, row.id)
    return result.but(outcome="sent")


def _after_failure(run: _Run, row_id: int, exc: DeliveryError, result: RecipientResult) -> RecipientResult:
    """Retry later (4xx, dropped link), give up on this recipient (5xx), or stop the run (auth, TLS)."""
    transient = isinstance(exc, TransientDeliveryError)
    if isinstance(exc, PermanentDeliveryError) or (transient and result.attempts >= MAX_ATTEMPTS):
        ledger.mark_failed(run.session, row_id, str(exc))
        return result.but(outcome="failed", detail=str(exc))
    if transient:
        ledger.release(run.session, row_id, str(exc))
        return result.but(outcome="deferred", detail=f"{exc} (kept pending for a retry)")
    ledger.release(run.session, row_id, None)  # the server or our configuration is at fault, not this message
    raise exc


def _composer(settings, briefing: Briefing, subscribers: list[Subscriber]):
    """A function building one subscriber's message; fails before anything is sent if it cannot."""
    markdown_for_subscriber = markdown_for(settings, briefing, subscribers)

    def compose(subscriber: Subscriber, message_id: str):
        return build_message(
            settings=settings,
            day=briefing.day,
            subscriber=subscriber,
            markdown_text=markdown_for_subscriber(subscriber),
            headline=top_headline(briefing.content or {}, subscriber.categories or None),
            message_id=message_id,
        )

    return compose


def _preview(
    session: Session, day: date, subscribers, report: DeliveryReport, on_result, stale_after: timedelta
) -> DeliveryReport:
    """Dry run: what a real run would do, with nothing written and nothing sent."""
    rows = ledger.rows_for_day(session, day)
    for subscriber in subscribers:
        row = rows.get(subscriber.id) or Delivery(briefing_day=day, subscriber_id=subscriber.id)
        outcome, detail = _previewed(row, stale_after)
        report.add(
            RecipientResult(
                subscriber_id=subscriber.id,
                email=subscriber.email,
                outcome=outcome,
                detail=detail,
                message_id=row.message_id,
                attempts=row.attempts,
            )
        )
        if on_result is not None:
            on_result(report.results[-1])
    return report


def _previewed(row: Delivery, stale_after: timedelta) -> tuple[str, str]:
    if row.status == ledger.PENDING:
        return "would send", ""
    if row.status == ledger.SENDING:  # claimed by a run that is sending, or died doing so: say since when
        return "in flight", in_flight(row.updated_at, stale_after)
    return "skipped", f"status {row.status}"


def _sender(settings, day: date):
    url = _smtp_url(settings)
    return SmtpSender(parse_smtp_url(url)) if url else OutboxSender(settings.outbox_dir, day)


def _describe(settings) -> str:
    url = _smtp_url(settings)
    return f"smtp {parse_smtp_url(url).where}" if url else f"outbox {settings.outbox_dir}"


def _smtp_url(settings) -> str | None:
    """The configured SMTP URL, or None for outbox mode (an empty value counts as none)."""
    if settings.smtp_url is None:
        return None
    return settings.smtp_url.get_secret_value().strip() or None
