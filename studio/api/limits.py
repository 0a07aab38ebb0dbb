"""Limits of the HTTP service: a rate limit per API key (STUDIO_API_RATE_PER_MINUTE requests a
minute; 429 with Retry-After beyond it) and the per-user limits checked when a brief is
submitted (studio.service.limits: open briefs, images a day, spend a month; 429 with a hint).

The rate limit is a token bucket per key in this process; with STUDIO_REDIS_URL set it is kept
in Redis instead (a one-minute window per key), so that every replica of the service agrees."""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from studio.config import Settings

Scope = dict[str, Any]


class TokenBucket:
    """`rate` tokens a minute per key, at most `rate` at once."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds until a token is there."""
        now = time.monotonic()
        per_s = self.rate / 60.0
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - at) * per_s)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > 100_000:
                self._buckets.clear()
            return (1.0 - tokens) / per_s


class RedisWindow:
    """`rate` requests a minute per key, counted in Redis (a fixed one-minute window)."""

    def __init__(self, rate: int, url: str) -> None:
        import redis

        self.rate = rate
        self.redis = redis.Redis.from_url(url, socket_timeout=2)

    def take(self, key: str) -> float:
        now = time.time()
        window = int(now // 60)
        name = f"studio:rate:{key}:{window}"
        try:
            pipe = self.redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, 120)
            count = int(pipe.execute()[0])
        except Exception:  # Redis away: the service goes on without a limit
            return 0.0
        return 0.0 if count <= self.rate else (window + 1) * 60 - now


def limiter_for(settings: Settings) -> TokenBucket | RedisWindow | None:
    rate = settings.api_rate_per_minute
    if not rate:
        return None
    if settings.redis_url:
        try:
            return RedisWindow(rate, settings.redis_url)
        except ImportError:
            pass
    return TokenBucket(rate)


class RateLimit:
    """ASGI middleware: requests that carry an API key are counted against that key."""

    def __init__(self, app: Callable[..., Any], limiter: TokenBucket | RedisWindow) -> None:
        self.app, self.limiter = app, limiter

    async def __call__(
        self, scope: Scope, receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] == "http":
            auth = dict(scope.get("headers") or []).get(b"authorization", b"")
            if auth:
                key = hashlib.sha256(auth).hexdigest()[:32]
                wait = self.limiter.take(key)
                if wait > 0:
                    await _too_many(send, wait)
                    return
        await self.app(scope, receive, send)


async def _too_many(send: Callable[..., Any], wait: float) -> None:
    body = json.dumps(
        {
            "error": {
                "type": "RateLimited",
                "message": "too many requests with this API key",
                "field": None,
                "hint": f"slow down; retry in {math.ceil(wait)} s",
            }
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"retry-after", str(max(1, math.ceil(wait))).encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install(app: Any, settings: Settings) -> None:
    """The rate limit on `app`, when the settings have one."""
    limiter = limiter_for(settings)
    if limiter is not None:
        app.add_middleware(RateLimit, limiter=limiter)
