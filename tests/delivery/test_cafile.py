"""A wrong `cafile` in the SMTP URL is the operator's mistake: refused before any recipient is tried."""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.errors import ConfigError
from models import session_scope
from models.tables import Delivery
from pipeline.delivery.deliver import deliver_briefing
from pipeline.delivery.subscribers import add_subscriber
from tests.delivery.conftest import DAY, store_briefing, with_smtp


def _unusable_cafiles(tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
    return {"missing": tmp_path / "nonexistent" / "ca.pem", "a folder": tmp_path, "not a certificate": garbage}


@pytest.mark.parametrize("kind", ["missing", "a folder", "not a certificate"])
def test_an_unusable_cafile_is_one_config_line_and_costs_no_attempt(sqlite_settings, tmp_path, kind):
    cafile = _unusable_cafiles(tmp_path)[kind]
    # Port 1 answers nothing: were the file taken for a dropped connection, the row would count an attempt.
    settings = with_smtp(sqlite_settings, f"smtp://127.0.0.1:1?cafile={cafile}")
    store_briefing(settings.db_url)
    with session_scope(settings.db_url) as session:
        add_subscriber(session, "ana@example.com")
    with session_scope(settings.db_url) as session, pytest.raises(ConfigError) as refused:
        deliver_briefing(session, settings, DAY, retry_delays=())
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_SMTP_URL: ") and "cafile" in message and "\n" not in message
    with session_scope(settings.db_url) as session:
        assert session.exec(select(Delivery.attempts)).all() in ([], [0])


def test_the_send_command_reports_a_missing_cafile_in_one_line(tmp_path, monkeypatch, capsys):
    from cli import main

    monkeypatch.delenv("SIGNALDESK_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SIGNALDESK_SMTP_URL", f"smtp://127.0.0.1:1?cafile={tmp_path / 'nonexistent.pem'}")
    assert main(["subscribers", "add", "ana@example.com"]) == 0
    store_briefing(f"sqlite:///{(tmp_path / 'home' / 'signaldesk.db').resolve()}")
    capsys.readouterr()
    assert main(["send", "--date", DAY.isoformat()]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SIGNALDESK_SMTP_URL" in err and "cafile" in err and "Traceback" not in err
    assert "lost" not in err and "retry" not in err
