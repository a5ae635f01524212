"""`signaldesk subscribers add|list|remove` and `signaldesk send --date D` from the command line."""

from __future__ import annotations

import pytest

from cli import main
from tests.delivery.conftest import store_briefing


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh SIGNALDESK_HOME (SQLite), with no stray .env or SMTP settings from the environment."""
    for name in ("SIGNALDESK_DATABASE_URL", "SIGNALDESK_SMTP_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_subscribers_add_list_remove(home, capsys):
    assert (
        main(
            [
                "subscribers",
                "add",
                "Ana@Example.com",
                "--name",
                "Ana",
                "--categories",
                "security,capital",
                "--watchlist",
                "Nvidia,TSMC",
            ]
        )
        == 0
    )
    assert main(["subscribers", "add", "bo@example.com"]) == 0
    assert "subscribed ana@example.com (capital,security; watching Nvidia, TSMC)" in capsys.readouterr().out

    assert main(["subscribers", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["EMAIL", "NAME", "CATEGORIES", "WATCHLIST", "ACTIVE"]
    assert lines[2].split() == ["ana@example.com", "Ana", "capital,security", "Nvidia,", "TSMC", "yes"]
    assert lines[3].split() == ["bo@example.com", "all", "yes"]

    assert main(["subscribers", "remove", "ana@example.com"]) == 0
    capsys.readouterr()
    main(["subscribers", "list"])
    assert "ana@example.com" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["subscribers", "add", "not-an-address"], "email: not a valid email address: 'not-an-address'"),
        (["subscribers", "add", "a@example.com", "--categories", "crypto"], "unknown category crypto"),
        (["subscribers", "remove", "nobody@example.com"], "nobody@example.com: no such subscriber"),
        (["send", "--date", "2026-02-30"], "--date: '2026-02-30' is not a date (YYYY-MM-DD)"),
        (["send", "--date", "2026-01-14"], "no briefing stored for 2026-01-14"),
    ],
)
def test_bad_input_is_one_clear_line(home, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_send_writes_the_outbox_and_a_second_send_sends_nothing(home, capsys):
    main(["subscribers", "add", "ana@example.com"])
    main(["subscribers", "add", "bo@example.com"])
    store_briefing(f"sqlite:///{(home / 'signaldesk.db').resolve()}")
    capsys.readouterr()

    assert main(["send", "--date", "2026-01-15", "--dry-run"]) == 0
    assert "2 would send" in capsys.readouterr().out
    assert list((home / "outbox").glob("*.eml")) == []

    assert main(["send", "--date", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert "sent       ana@example.com" in out and "sent       bo@example.com" in out
    assert out.strip().endswith(": 2 sent")
    assert len(list((home / "outbox").glob("2026-01-15-*.eml"))) == 2

    assert main(["send", "--date", "2026-01-15"]) == 0
    assert capsys.readouterr().out.strip().endswith(": 2 skipped")


def test_list_shows_stored_controls_escaped_never_raw(home, capsys):
    from models.db import session_scope
    from models.tables import Subscriber

    assert main(["subscribers", "list"]) == 0  # creates the store
    with session_scope(f"sqlite:///{(home / 'signaldesk.db').resolve()}") as session:
        session.add(
            Subscriber(email="ana@example.com", name="Ana\x1b[2J\u2028", watchlist=["\x1b]0;pwned\x07"], token="t" * 40)
        )
    capsys.readouterr()
    assert main(["subscribers", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u2028" not in out
    assert "Ana\\x1b[2J\\u2028" in out and "\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize(
    "argv, field",
    [
        (["--name", "=?utf-8?b?DQpCY2M6IHhAZXZpbC5leGFtcGxl?="], "name"),
        (["--watchlist", "Nvidia," + "x" * 101], "watchlist"),
    ],
)
def test_add_refuses_a_bad_field_in_one_line_naming_it(home, capsys, argv, field):
    assert main(["subscribers", "add", "ana@example.com", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{field}: " in err and "Traceback" not in err
    main(["subscribers", "list", "--all"])
    assert "ana@example.com" not in capsys.readouterr().out


def test_edit_pause_and_resume_use_the_same_rules(home, capsys):
    assert main(["subscribers", "add", "ana@example.com", "--categories", "security"]) == 0
    assert main(["subscribers", "edit", "ana@example.com", "--watchlist", "TSMC,tsmc,ASML", "--name", "Ana"]) == 0
    assert main(["subscribers", "pause", "ANA@example.com"]) == 0
    out = capsys.readouterr().out
    assert "ana@example.com (security; watching TSMC, ASML; paused)" in out
    main(["subscribers", "list"])
    assert "ana@example.com" not in capsys.readouterr().out
    assert main(["subscribers", "resume", "ana@example.com"]) == 0
    assert main(["subscribers", "edit", "ana@example.com", "--name", "=?utf-8?q?x?="]) == 2
    assert "name: " in capsys.readouterr().err
    main(["subscribers", "list"])
    assert capsys.readouterr().out.splitlines()[2].split() == [
        "ana@example.com",
        "Ana",
        "security",
        "TSMC,",
        "ASML",
        "yes",
    ]
