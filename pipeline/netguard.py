"""Server-side request forgery guard: sources may not point into the machine's own networks.

A user-added source could name 127.0.0.1, a cloud metadata address or an intranet host; fetching it would
make Signaldesk a proxy into places its users cannot reach. Loopback, private, link-local, multicast and
reserved addresses are refused unless settings allow them (the offline demo and the tests do).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from pipeline.errors import ConfigError


def _blocked(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for label, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                        ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                        ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if flag:
            return label
    return None


def resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot resolve host {host!r} ({exc.strerror})", resource=host) from None
    return sorted({info[4][0] for info in infos})


def check_public_url(url: str, *, allow_private: bool = False, resource: str | None = None) -> None:
    """Raise ConfigError when `url` would reach a loopback, private or otherwise internal address."""
    if allow_private:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an absolute http(s) URL: {url!r}", resource=resource or url)
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolve(host)
    for address in addresses:
        reason = _blocked(address)
        if reason:
            raise ConfigError(f"{host} resolves to {reason} address {address}; set "
                              "SIGNALDESK_ALLOW_PRIVATE_SOURCES=true to allow it", resource=resource or url)
