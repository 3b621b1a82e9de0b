"""The client address the rate limit counts: X-Forwarded-For only from a
configured proxy, and then the nearest hop that is not one of ours."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import make_mocked_request

from portal.webforms.clients import client_address, networks

PROXIES = networks(["127.0.0.1", "10.0.0.0/8"])


def request(peer: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    made = make_mocked_request("POST", "/portal/forms/x", headers=headers)
    return made.clone(remote=peer)


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        ("203.0.113.5", "198.51.100.1", (), "203.0.113.5"),  # no proxies: header ignored
        ("203.0.113.5", "198.51.100.1", PROXIES, "203.0.113.5"),  # not from a proxy
        ("127.0.0.1", "198.51.100.1", PROXIES, "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3", PROXIES, "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1, not-an-address", PROXIES, "127.0.0.1"),
        ("127.0.0.1", "10.1.1.1", PROXIES, "127.0.0.1"),  # only our own hops
        ("127.0.0.1", None, PROXIES, "127.0.0.1"),
        ("::1", "2001:db8::7", networks(["::1"]), "2001:db8::7"),
    ],
)
def test_the_client_address(
    peer: str, forwarded: str | None, proxies: tuple, expected: str
) -> None:
    assert client_address(request(peer, forwarded), proxies) == expected
