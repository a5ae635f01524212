"""Server-side request forgery guard: sources may not point into the machine's own networks.

A user-added source could name 127.0.0.1, a cloud metadata address (169.254.169.254, Alibaba's
100.100.100.200) or an intranet host; fetching it would make Signaldesk a proxy into places its users cannot
reach. Only globally routable addresses are allowed (`is_global`), unless settings allow private sources (the
offline demo and the tests do). The named checks before it only give the refusal a clear reason. IPv6 forms
that carry an IPv4 address (IPv4-mapped, 6to4, NAT64) are judged by the address they carry.

Every request the product makes to a source goes through this rule: the runner before a crawl, the crawl
process for each request and redirect (spiders/guard.py), `signaldesk sources check` for each hop
(pipeline/guarded_http.py). The LLM endpoint does not: the operator configures it, and it is usually a model
served on this machine or the intranet (Ollama on 127.0.0.1), which this rule would refuse.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from core.errors import ConfigError
from core.urlsecrets import redact_url

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not global, and named so the refusal says why; `is_global` catches them too on newer Pythons.
_NAMED_NETWORKS = (
    ("shared (CGNAT, 100.64.0.0/10)", ipaddress.ip_network("100.64.0.0/10")),
    ("IETF protocol assignment (192.0.0.0/24)", ipaddress.ip_network("192.0.0.0/24")),
    ("benchmarking (198.18.0.0/15)", ipaddress.ip_network("198.18.0.0/15")),
)


def _carried(ip: IP) -> IP:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), else the address itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _blocked(address: str) -> str | None:
    """Why `address` may not be fetched, or None when it is globally routable."""
    ip = _carried(ipaddress.ip_address(address.split("%", 1)[0]))
    for label, network in _NAMED_NETWORKS:
        if ip.version == network.version and ip in network:
            return label
    # fec0::/10 is deprecated but still routed inside intranets that use it, and `is_global` calls it global.
    site_local = isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local
    for label, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("site-local", site_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return label
    return None if ip.is_global else "non-global"


def resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot resolve host {host!r} ({exc.strerror})", resource=host) from None
    return sorted({info[4][0] for info in infos})


def check_public_url(url: str, *, allow_private: bool = False, resource: str | None = None) -> None:
    """Raise ConfigError when `url` would reach a loopback, private or otherwise non-global address."""
    if allow_private:
        return
    shown = redact_url(url)
    host = http_host(url)
    if host is None:
        raise ConfigError(f"not an absolute http(s) URL: {shown!r}", resource=resource or shown)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolve(host)
    for address in addresses:
        reason = _blocked(address)
        if reason:
            raise ConfigError(
                f"{host} resolves to {reason} address {_named(address)}; set "
                "SIGNALDESK_ALLOW_PRIVATE_SOURCES=true to allow it",
                resource=resource or shown,
            )


def http_host(url: str) -> str | None:
    """The host of an absolute http(s) URL, else None."""
    try:
        parts = urlsplit(url)
        return parts.hostname if parts.scheme in ("http", "https") else None
    except ValueError:  # e.g. an unclosed "[" in the host
        return None


def _named(address: str) -> str:
    carried = _carried(ipaddress.ip_address(address.split("%", 1)[0]))
    return address if str(carried) == address.split("%", 1)[0] else f"{address} (carrying {carried})"
