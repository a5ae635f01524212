"""SIGNALDESK_PUBLIC_URL and SIGNALDESK_MAIL_FROM: refused once at the edge, in one line, never with a token."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.errors import ConfigError
from pipeline.delivery.message import build_message
from tests.delivery.conftest import DAY, MARKDOWN, store_briefing

TOKEN = "tok-9QzX2vLw7RkTn4Hc"
READER = SimpleNamespace(email="ana@example.com", name="Ana", token=TOKEN)


@pytest.mark.parametrize(
    ("public_url", "mail_from"),
    [
        ("https://archive example.com", "Signaldesk <briefing@desk.example>"),
        ("https://desk.example/a,b", "Signaldesk <briefing@desk.example>"),
        ('https://desk.example/"><b>', "Signaldesk <briefing@desk.example>"),
        ("https://desk.example/=?utf-8?q?x?=", "Signaldesk <briefing@desk.example>"),
        ("https://desk.example", "ops@example.com, ceo@example.com"),
        ("https://desk.example", "Name <x@example.com> trailing words"),
    ],
)
def test_no_error_from_building_a_message_holds_the_token(public_url, mail_from):
    # Settings objects that skipped the edge's checks: the builder still refuses, and its line reaches logs.
    settings = SimpleNamespace(public_url=public_url, mail_from=mail_from)
    with pytest.raises(ConfigError) as refused:
        build_message(
            settings=settings,
            day=DAY,
            subscriber=READER,
            markdown_text=MARKDOWN,
            headline=None,
            message_id="<m@desk.example>",
        )
    message = str(refused.value)
    assert TOKEN not in message and "\n" not in message
    assert message.startswith(("SIGNALDESK_PUBLIC_URL: ", "SIGNALDESK_MAIL_FROM: "))


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A home with a stored briefing and one subscriber; returns that subscriber's token."""
    from sqlmodel import select

    from cli import main
    from models import session_scope
    from models.tables import Subscriber

    for name in ("DATABASE_URL", "PUBLIC_URL", "MAIL_FROM", "SMTP_URL"):
        monkeypatch.delenv(f"SIGNALDESK_{name}", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    assert main(["subscribers", "add", "ana@example.com"]) == 0
    url = f"sqlite:///{(tmp_path / 'home' / 'signaldesk.db').resolve()}"
    store_briefing(url)
    with session_scope(url) as session:
        return session.exec(select(Subscriber)).one().token


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PUBLIC_URL", "javascript:alert(1)"),
        ("PUBLIC_URL", "https://archive example.com"),
        ("MAIL_FROM", "ops@example.com, ceo@example.com"),
        ("MAIL_FROM", "Name <x@example.com> trailing words"),
    ],
)
@pytest.mark.parametrize("command", [["send"], ["brief"]])
def test_a_bad_value_stops_send_and_brief_in_one_line_without_the_token(
    store, tmp_path, monkeypatch, capsys, name, value, command
):
    from cli import main

    monkeypatch.setenv(f"SIGNALDESK_{name}", value)
    capsys.readouterr()
    assert main([*command, "--date", DAY.isoformat()]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"SIGNALDESK_{name}" in err, err
    assert store not in err and "Traceback" not in err
    assert not list((tmp_path / "home" / "outbox").rglob("*.eml"))
