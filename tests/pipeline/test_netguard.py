import re

import pytest

from core import netguard
from core.errors import ConfigError
from core.netguard import check_public_url


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1:8000/feed", "loopback"),
        ("http://localhost/feed", "loopback"),
        ("http://[::1]/feed", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.5/rss", "private"),
        ("http://192.168.1.10/rss", "private"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_internal_addresses_are_refused_with_the_reason(url, reason):
    with pytest.raises(ConfigError, match=reason):
        check_public_url(url, resource="src-x")


def test_public_address_literals_pass_and_settings_can_allow_private():
    check_public_url("https://93.184.216.34/feed")
    check_public_url("http://127.0.0.1:8000/feed", allow_private=True)


def test_non_http_schemes_are_refused():
    with pytest.raises(ConfigError, match="not an absolute http"):
        check_public_url("file:///etc/passwd")


# Every address a name can resolve to, judged through a fake resolver: what is not globally routable is
# refused with the reason, whatever form carries it (IPv4-mapped, 6to4, NAT64).
ADDRESSES = [
    ("100.64.0.1", "shared (CGNAT"),
    ("100.100.100.200", "shared (CGNAT"),  # Alibaba Cloud's metadata service
    ("192.0.0.9", "IETF protocol assignment"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.254", "benchmarking"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.0.0.0", "unspecified"),
    ("::ffff:100.64.0.1", "shared (CGNAT"),
    ("64:ff9b::a9fe:a9fe", "link-local address 64:ff9b::a9fe:a9fe (carrying 169.254.169.254)"),
    ("2002:a9fe:a9fe::", "link-local address 2002:a9fe:a9fe:: (carrying 169.254.169.254)"),
    ("64:ff9b:1::a00:1", "reserved"),  # local-use NAT64 prefix
    ("2001:db8::1", "private"),
    ("fc00::", "private"),
    ("fe80::", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("fec0::1", "site-local"),  # deprecated intranet range that `is_global` calls global
    ("feff::1", "site-local"),
]
PUBLIC = ["8.8.8.8", "93.184.215.14", "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::"]


@pytest.fixture
def resolver(monkeypatch):
    answers = {}
    monkeypatch.setattr(netguard, "resolve", lambda host: answers[host])
    return answers


@pytest.mark.parametrize("address, reason", ADDRESSES)
def test_non_global_addresses_are_refused_by_name_and_as_literals(resolver, address, reason):
    resolver["feeds.example"] = ["93.184.215.14", address]  # one bad answer among good ones is enough
    with pytest.raises(ConfigError, match=re.escape(reason)):
        check_public_url("https://feeds.example/rss")
    if "%" not in address:
        literal = f"[{address}]" if ":" in address else address
        with pytest.raises(ConfigError, match=re.escape(reason.split(" address")[0])):
            check_public_url(f"http://{literal}/rss")


@pytest.mark.parametrize("address", PUBLIC)
def test_globally_routable_addresses_pass(resolver, address):
    resolver["feeds.example"] = [address]
    check_public_url("https://feeds.example/rss")


def test_a_refusal_does_not_repeat_a_secret_of_the_url():
    with pytest.raises(ConfigError) as refused:
        check_public_url("ftp://bob:hunter2@feeds.example/rss?token=abc")
    assert "hunter2" not in str(refused.value) and "abc" not in str(refused.value)
