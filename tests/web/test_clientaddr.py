"""Which client a request counts as, for the sign-in limit: forwarded hops are read only from declared proxies."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from starlette.requests import Request

from web.clientaddr import client_key

PROXIES = (ip_network("10.0.0.0/8"), ip_network("2001:db8:ffff::/48"))


def request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded", "key"),
    [
        ("198.51.100.7", ("192.0.2.1",), "198.51.100.7"),  # not a declared proxy: header ignored
        ("10.0.0.5", ("192.0.2.1, 203.0.113.9",), "203.0.113.9"),  # rightmost untrusted hop
        ("10.0.0.5", ("192.0.2.1", "203.0.113.9, 10.9.9.9"), "203.0.113.9"),  # two headers, two proxies
        ("10.0.0.5", ("10.1.1.1, 10.2.2.2",), "10.1.1.1"),  # only proxies: the furthest one
        ("10.0.0.5", ("forged-text, 203.0.113.9",), "203.0.113.9"),
        ("10.0.0.5", ("203.0.113.9, forged-text",), "10.0.0.5"),  # unreadable: stop at the proxy
        ("10.0.0.5", ("[2001:db8:1:2::9]:443",), "2001:db8:1:2::/64"),  # one IPv6 client holds a /64
        ("::ffff:10.0.0.5", ("203.0.113.9:8080",), "203.0.113.9"),
        ("2001:db8:ffff::1", ("2001:db8:1:2:3:4:5:6",), "2001:db8:1:2::/64"),
    ],
)
def test_the_client_is_the_rightmost_hop_no_declared_proxy_wrote(peer, forwarded, key):
    assert client_key(request(peer, *forwarded), PROXIES) == key


def test_without_declared_proxies_forwarded_headers_count_for_nothing():
    assert client_key(request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"
    assert client_key(request("2001:db8:1:2::1")) == client_key(request("2001:db8:1:2:ffff::9"))
