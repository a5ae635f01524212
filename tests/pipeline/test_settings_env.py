"""Settings read from the environment: list variables, and the one clear error for a bad one."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from core.errors import ConfigError
from pipeline.settings import load_settings


@pytest.mark.parametrize("value", ["10.0.0.1, 10.1.0.0/16", '["10.0.0.1", "10.1.0.0/16"]', "10.0.0.1 10.1.0.0/16"])
def test_trusted_proxies_are_a_list_of_addresses_or_networks(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_TRUSTED_PROXIES", value)
    assert load_settings().trusted_proxies == (ip_network("10.0.0.1/32"), ip_network("10.1.0.0/16"))


def test_no_proxy_is_trusted_by_default(monkeypatch):
    monkeypatch.delenv("SIGNALDESK_TRUSTED_PROXIES", raising=False)
    assert load_settings().trusted_proxies == ()


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TRUSTED_PROXIES", "10.0.0.1, proxy.local", "'proxy.local' does not appear to be an IPv4 or IPv6 network"),
        ("TRUSTED_PROXIES", "10.0.0.1/8", "has host bits set"),
        ("WATCHLIST", "Nvidia, TSMC", "not a JSON list"),
    ],
)
def test_a_bad_list_is_one_config_error_naming_the_variable(monkeypatch, name, value, says):
    monkeypatch.setenv(f"SIGNALDESK_{name}", value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert str(refused.value).startswith(f"SIGNALDESK_{name}: ") and says in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("value", "loaded"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://desk.example/", "https://desk.example"),
        ("https://briefings.desk.example/archive//", "https://briefings.desk.example/archive"),
        ("HTTPS://desk.example:8443/a%20b", "https://desk.example:8443/a%20b"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
    ],
)
def test_the_public_url_loads_without_its_trailing_slash(monkeypatch, value, loaded):
    monkeypatch.setenv("SIGNALDESK_PUBLIC_URL", value)
    assert load_settings().public_url == loaded


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("javascript:alert(1)", "http:// or https://"),
        ("ftp://desk.example", "http:// or https://"),
        ("desk.example/archive", "http:// or https://"),
        ("https:desk.example", "http:// or https://"),
        ("https://archive example.com", "whitespace"),
        ("https://desk.example/\x1b[2J", "control"),
        ("https://desk.example\t", "whitespace"),
        ("https://user:pw@desk.example", "user name or password"),
        ("https://desk.example/?ref=mail", "query"),
        ("https://desk.example/#top", "fragment"),
        ("https://", "host"),
        ("https://desk.example:99999", "port"),
        ("https://bücher.example", "ASCII"),
        ("https://desk.example/a,b", "comma"),
        ("https://desk.example/<b>", "percent-encode"),
    ],
)
def test_a_bad_public_url_is_one_config_error_naming_the_variable(monkeypatch, value, says):
    monkeypatch.setenv("SIGNALDESK_PUBLIC_URL", value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_PUBLIC_URL: ") and says in message and "\n" not in message


@pytest.mark.parametrize(
    "value",
    [
        "briefing@desk.example",
        "Signaldesk <briefing@desk.example>",
        '"Desk, The" <a@b.example>',
        "J. Smith <j.smith@desk.example>",
    ],
)
def test_one_sender_mailbox_loads(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_MAIL_FROM", value)
    assert load_settings().mail_from == value


@pytest.mark.parametrize(
    "value",
    [
        "ops@example.com, ceo@example.com",
        "Name <x@example.com> trailing words",
        "Signaldesk without address",
        "Name <x@example.com>, <y@example.com>",
        "Desk, The <a@b.example>",
        "Name\r\nBcc: evil@example.net <x@example.com>",
    ],
)
def test_anything_but_one_sender_mailbox_is_one_config_error(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_MAIL_FROM", value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_MAIL_FROM: ") and "one mailbox" in message and "\n" not in message
