"""A send process killed mid-run (SIGKILL, nothing cleaned up), then re-runs: nobody twice, nobody lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlmodel import select

from models import session_scope
from models.tables import Delivery, Subscriber
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import DAY, store_briefing, with_smtp
from tests.delivery.smtpd import HoldRecipient

READERS = ("ana@example.com", "bo@example.com", "cy@example.com")
CLI = "import sys; from cli import main; sys.exit(main(sys.argv[1:]))"


def _send_process(settings, smtp_url: str, cwd) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNALDESK_")}
    env.update(SIGNALDESK_HOME=str(settings.home), SIGNALDESK_SMTP_URL=smtp_url)
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "send", "--date", DAY.isoformat()],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_killed_mid_run_then_rerun_sends_each_subscriber_once(sqlite_settings, smtp_server, tmp_path):
    settings = sqlite_settings
    store_briefing(settings.db_url)
    with session_scope(settings.db_url) as session:
        for email in READERS:
            add_subscriber(session, email)
    handler = HoldRecipient("bo@example.com")
    server = smtp_server(handler)

    process = _send_process(settings, server.url(), tmp_path)
    try:
        assert handler.holding.wait(60), process.stderr.read() if process.poll() is not None else "no RCPT for bo"
    finally:
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
    handler.release.set()
    assert process.returncode == -signal.SIGKILL
    assert "sent       ana@example.com" in out  # progress reached the terminal before the kill
    with session_scope(settings.db_url) as session:
        rows = {
            email: row
            for email, row in session.exec(
                select(Subscriber.email, Delivery).join(Delivery, Delivery.subscriber_id == Subscriber.id)
            )
        }
    assert rows["ana@example.com"].status == "sent"
    assert rows["bo@example.com"].status == "sending"  # killed while the server held its RCPT
    assert rows["cy@example.com"].status == "pending"

    smtp_settings = with_smtp(settings, server.url())
    with session_scope(settings.db_url) as session:
        rerun = deliver_briefing(session, smtp_settings, DAY, stale_after=timedelta(0), retry_delays=())
    assert (
        rerun.outcome_of("ana@example.com"),
        rerun.outcome_of("bo@example.com"),
        rerun.outcome_of("cy@example.com"),
    ) == ("skipped", "unknown", "sent")

    with session_scope(settings.db_url) as session:
        resent = deliver_briefing(
            session, smtp_settings, DAY, stale_after=timedelta(0), retry_delays=(), resend_unknown=True
        )
    assert resent.outcome_of("bo@example.com") == "sent"
    assert [len(handler.to(email)) for email in READERS] == [1, 1, 1]
    [bo] = handler.to("bo@example.com")
    assert bo.message["Message-ID"].strip() == rows["bo@example.com"].message_id  # the id the killed run chose
