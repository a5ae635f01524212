"""The SMTP URL from settings: TLS modes, authentication, options, and a password that never leaks."""

from __future__ import annotations

import pytest

from pipeline.delivery.smtp import parse_smtp_url
from pipeline.errors import ConfigError


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


@pytest.mark.parametrize("url, fragment", [
    ("http://user:hunter2@host", "scheme"),
    ("smtp://user:hunter2@host:99999", "port"),
    ("smtp://user:hunter2@:25", "host"),
    ("smtp://user:hunter2@host?starttls=maybe", "starttls"),
    ("smtp://user:hunter2@host?timeout=soon", "timeout"),
    ("smtp://user:hunter2@host?verify=no", "verify"),
])
def test_bad_urls_are_config_errors_that_hide_the_password(url, fragment):
    with pytest.raises(ConfigError) as caught:
        parse_smtp_url(url)
    assert fragment in str(caught.value) and "SIGNALDESK_SMTP_URL" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_the_password_is_not_in_the_repr():
    assert "hunter2" not in repr(parse_smtp_url("smtp://user:hunter2@host:25"))
