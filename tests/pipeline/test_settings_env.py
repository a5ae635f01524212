"""Settings read from the environment: list variables, and the one clear error for a bad one."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import load_settings


@pytest.mark.parametrize("value", ["10.0.0.1, 10.1.0.0/16", '["10.0.0.1", "10.1.0.0/16"]', "10.0.0.1 10.1.0.0/16"])
def test_trusted_proxies_are_a_list_of_addresses_or_networks(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_TRUSTED_PROXIES", value)
    assert load_settings().trusted_proxies == (ip_network("10.0.0.1/32"), ip_network("10.1.0.0/16"))


def test_no_proxy_is_trusted_by_default(monkeypatch):
    monkeypatch.delenv("SIGNALDESK_TRUSTED_PROXIES", raising=False)
    assert load_settings().trusted_proxies == ()


@pytest.mark.parametrize(("name", "value", "says"), [
    ("TRUSTED_PROXIES", "10.0.0.1, proxy.local", "'proxy.local' does not appear to be an IPv4 or IPv6 network"),
    ("TRUSTED_PROXIES", "10.0.0.1/8", "has host bits set"),
    ("WATCHLIST", "Nvidia, TSMC", "not a JSON list"),
])
def test_a_bad_list_is_one_config_error_naming_the_variable(monkeypatch, name, value, says):
    monkeypatch.setenv(f"SIGNALDESK_{name}", value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert str(refused.value).startswith(f"SIGNALDESK_{name}: ") and says in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("value", ["briefing@desk.example", "Signaldesk <briefing@desk.example>",
                                   '"Desk, The" <a@b.example>', "J. Smith <j.smith@desk.example>"])
def test_one_sender_mailbox_loads(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_MAIL_FROM", value)
    assert load_settings().mail_from == value


@pytest.mark.parametrize("value", ["ops@example.com, ceo@example.com", "Name <x@example.com> trailing words",
                                   "Signaldesk without address", "Name <x@example.com>, <y@example.com>",
                                   "Desk, The <a@b.example>", "Name\r\nBcc: evil@example.net <x@example.com>"])
def test_anything_but_one_sender_mailbox_is_one_config_error(monkeypatch, value):
    monkeypatch.setenv("SIGNALDESK_MAIL_FROM", value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("SIGNALDESK_MAIL_FROM: ") and "one mailbox" in message and "\n" not in message
