"""Who is submitting: the client address the rate limit counts.

``X-Forwarded-For`` is written by whoever sends the request, so it is read
only when the request comes from a configured reverse proxy; then the
address is the nearest hop that is not one of those proxies (a client can
prepend anything it likes, but not what our own proxies append).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """The settings' proxies (already checked at start-up) as networks."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(request: web.Request, proxies: Sequence[Network]) -> str:
    peer = request.remote or "unknown"
    if not proxies or not _trusted(peer, proxies):
        return peer[:64]
    hops = [
        hop.strip()
        for header in request.headers.getall("X-Forwarded-For", [])
        for hop in header.split(",")
    ]
    for hop in reversed(hops):
        if not hop:
            continue
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer[:64]  # a garbled chain: count the proxy, not a made-up name
        if not _trusted(hop, proxies):
            return hop
    return peer[:64]
