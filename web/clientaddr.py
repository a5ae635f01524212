"""Which client a request comes from, for per-client limits.

X-Forwarded-For is written by whoever sent the request, so it is believed only when the peer that connected
to us is a proxy the operator declared (SIGNALDESK_TRUSTED_PROXIES), and then only from the right: each
trusted proxy appends the address it saw, so the rightmost hop that is not a trusted proxy is the client.
Anything further left was written by that client and may be forged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from fastapi import Request

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
# An IPv6 client usually holds a whole /64, so one /64 is one client: otherwise each of its 2**64
# addresses would get a fresh allowance.
IPV6_CLIENT_PREFIX = 64


def client_key(request: Request, trusted: Sequence[Network] = ()) -> str:
    """The key a per-client limit counts under: an IPv4 address, an IPv6 /64, or the peer's own name."""
    peer = request.client.host if request.client else ""
    hops = [hop for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    address = forwarded_client(peer, hops, trusted)
    if isinstance(address, IPv6Address):
        return str(ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address) if address is not None else peer


def forwarded_client(peer: str, hops: Iterable[str], trusted: Sequence[Network]) -> Address | None:
    """The client's address: the peer itself unless it is a trusted proxy, else the rightmost untrusted hop.

    A hop that is not an address stops the walk at the nearest trusted one: text we cannot read must not
    become a key the sender can vary at will.
    """
    nearest = _address(peer)
    if nearest is None or not _within(nearest, trusted):
        return nearest
    for hop in reversed(list(hops)):
        address = _address(hop)
        if address is None:
            return nearest
        if not _within(address, trusted):
            return address
        nearest = address
    return nearest


def _within(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address in network for network in trusted)


def _address(text: str) -> Address | None:
    """An address as proxies write it: bare, "[v6]:port" or "v4:port"; an IPv4-mapped one as IPv4."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped if isinstance(address, IPv6Address) and address.ipv4_mapped else address
