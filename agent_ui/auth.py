"""Who is calling the API: HTTP Basic sign-in against the users table.

Checking an argon2 hash costs tens of milliseconds by design, so a verified
(user, password) pair is remembered briefly by a keyed digest, never in clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from agent_ui.const import AUTH_REALM
from agent_ui.errors import error_response
from crm_core.access import Actor
from crm_core.runtime import Runtime

ACTOR_KEY = web.RequestKey("actor", Actor)
CACHE_SECONDS = 60.0
CACHE_LIMIT = 1000


class BasicAuth:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._key = os.urandom(32)
        self._verified: dict[bytes, tuple[float, Actor]] = {}

    def _digest(self, user: str, password: str) -> bytes:
        return hmac.new(self._key, f"{user}\0{password}".encode(), hashlib.sha256).digest()

    async def actor_for(self, header: str | None) -> Actor | None:
        if not header or not header.startswith("Basic "):
            return None
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user_name, sep, password = decoded.partition(":")
        if not sep:
            return None
        digest = self._digest(user_name, password)
        cached = self._verified.get(digest)
        now = time.monotonic()
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        user = await self.runtime.users.authenticate(user_name, password)
        if user is None:
            return None
        if len(self._verified) >= CACHE_LIMIT:
            self._verified.clear()
        self._verified[digest] = (now, user.actor())
        return user.actor()

    @web.middleware
    async def middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        actor = await self.actor_for(request.headers.get("Authorization"))
        if actor is None:
            response = error_response(401, "unauthorized", "sign in to use the API", params={})
            response.headers["WWW-Authenticate"] = f'Basic realm="{AUTH_REALM}", charset="UTF-8"'
            return response
        request[ACTOR_KEY] = actor
        return await handler(request)
