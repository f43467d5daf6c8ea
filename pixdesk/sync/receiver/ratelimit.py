"""Requests per client address: a token bucket each, as a pure ASGI middleware.

A school behind one NAT address shares a bucket; the defaults (20 requests/s sustained, 200 at
once) are far above what its PCs send (one request per MiB of bundle) and far below what
would hurt the receiver. An address over its rate gets ``429 RATE_LIMITED`` with
``Retry-After``, which the client's backoff honours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, Final

from pixdesk.sync.protocol import WireCode

MAX_TRACKED: Final = 10_000
"""Addresses remembered at once; full buckets are forgotten first (they hold no debt)."""

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]
App = Callable[[Scope, Receive, Send], Any]


class TokenBuckets:
    """One bucket of ``burst`` tokens per key, refilled at ``rate`` tokens per second."""

    def __init__(self, rate: float, burst: int, monotonic: Callable[[], float]) -> None:
        """Create empty state; ``monotonic`` is the clock, in seconds."""
        self._rate = rate
        self._burst = float(burst)
        self._monotonic = monotonic
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, at)

    def take(self, key: str) -> float:
        """Take one token for ``key``; return 0 if granted, else the seconds until one is."""
        now = self._monotonic()
        tokens, at = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - at) * self._rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self._rate
        if key not in self._buckets and len(self._buckets) >= MAX_TRACKED:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1.0, now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        for key, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self._rate >= self._burst:
                del self._buckets[key]
        if len(self._buckets) >= MAX_TRACKED:
            # Everyone is in debt: a flood of new addresses. Forget the oldest half.
            for key in sorted(self._buckets, key=lambda k: self._buckets[k][1])[: MAX_TRACKED // 2]:
                del self._buckets[key]


class RateLimit:
    """ASGI middleware answering ``429`` to an address over its rate."""

    def __init__(self, app: App, buckets: TokenBuckets) -> None:
        """Wrap ``app``."""
        self._app = app
        self._buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or refuse it."""
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._buckets.take(str(client[0]) if client else "?")
        if wait <= 0:
            await self._app(scope, receive, send)
            return
        body = json.dumps(
            {"code": WireCode.RATE_LIMITED.value, "message": "too many requests, slow down"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(max(1, math.ceil(wait))).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
