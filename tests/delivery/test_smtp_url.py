"""The SMTP URL from settings: TLS modes, authentication, options, and a password that never leaks."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from pipeline.delivery.smtp import parse_smtp_url
from tests.delivery.conftest import store_briefing


def test_starttls_url_with_credentials():
    cfg = parse_smtp_url("smtp://me%40corp.example:s3cr%2Ft@mail.example:587?starttls=true&timeout=12")
    assert (cfg.host, cfg.port, cfg.starttls, cfg.implicit_tls) == ("mail.example", 587, True, False)
    assert (cfg.username, cfg.password, cfg.timeout) == ("me@corp.example", "s3cr/t", 12.0)


def test_smtps_is_implicit_tls_on_465_by_default():
    cfg = parse_smtp_url("smtps://relay.example")
    assert (cfg.port, cfg.implicit_tls, cfg.starttls, cfg.username) == (465, True, False, None)


def test_plain_relay_and_the_587_default():
    assert parse_smtp_url("smtp://localhost:25").starttls is False
    assert parse_smtp_url("smtp://relay.example").starttls is True


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://user:hunter2@host", "scheme"),
        ("ftp://user:hunter2@host", "scheme"),
        ("hunter2", "scheme"),
        ("smtp://user:hunt?er2@host:25", "port"),  # an unencoded ? cuts the password into the host and port
        ("smtp://user:hunter2@host:99999", "port"),
        ("smtp://user:hunter2@:25", "host"),
        ("smtp://user:hunter2@host?starttls=maybe", "starttls"),
        ("smtp://user:hunter2@host?timeout=soon", "timeout"),
        ("smtp://user:hunter2@host?verify=no", "verify"),
    ],
)
def test_bad_urls_are_config_errors_that_hide_the_password(url, fragment):
    with pytest.raises(ConfigError) as caught:
        parse_smtp_url(url)
    assert fragment in str(caught.value) and "SIGNALDESK_SMTP_URL" in str(caught.value)
    assert "hunter2" not in str(caught.value) and "hunt" not in str(caught.value)


def test_the_password_is_not_in_the_repr():
    assert "hunter2" not in repr(parse_smtp_url("smtp://user:hunter2@host:25"))


MALFORMED = [
    "smtp://user:hunter2@[::1:25",  # unclosed IPv6 literal
    "smtp://user:hunter2@host:0",  # port out of range
    "smtp://user:hunter2@host:smtp",  # port not a number
    "smtp://user:hunter2@hôst.example:25",  # non-ASCII host
    "smtp://user:hunter2@ho st:25",  # space in the host
    "smtp://user:hunter2@host:25/hunter2",  # a path
    "smtp://user:x@host?starttls=hunter2",  # a secret-looking value echoed back
]


@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_urls_are_one_config_error_line_without_the_password(url):
    with pytest.raises(ConfigError) as caught:
        parse_smtp_url(url)
    message = str(caught.value)
    assert message.startswith("SIGNALDESK_SMTP_URL: ") and "\n" not in message
    assert "hunt" not in message and "er2" not in message


@pytest.mark.parametrize("url", ["smtp://user:hunter2@[::1:25", "smtp://user:hunter2@host:0"])
def test_the_send_command_reports_a_malformed_url_in_one_line(tmp_path, monkeypatch, capsys, url):
    from cli import main

    monkeypatch.delenv("SIGNALDESK_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIGNALDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SIGNALDESK_SMTP_URL", url)
    assert main(["subscribers", "add", "ana@example.com"]) == 0  # creates the store
    store_briefing(f"sqlite:///{(tmp_path / 'home' / 'signaldesk.db').resolve()}")
    capsys.readouterr()
    assert main(["send", "--date", "2026-01-15"]) == 2
    err = capsys.readouterr().err
    assert "SIGNALDESK_SMTP_URL" in err and "Traceback" not in err and "hunter2" not in err
    assert len(err.strip().splitlines()) == 1
