"""Webhooks per brief, signed the Standard Webhooks way and delivered from a background thread
of the process that took the brief (the HTTP service's embedded mode) as the brief's events
come in.

Each delivery is a POST of JSON {"type", "timestamp", "data"} with the headers

    webhook-id         <brief id>.<event number>: the same for every retry (de-duplicate on it)
    webhook-timestamp  Unix seconds
    webhook-signature  v1,<base64 of HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>

where the secret is the user's webhook secret (studio.accounts.webhook_secret) as UTF-8 bytes.
A delivery that does not get a 2xx is retried with exponential back-off, a bounded number of
times (at least once delivery). Only http(s) URLs are taken, and never one that points at a
private, loopback or link-local address unless the settings allow it (a test's receiver)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from studio.config import Settings
from studio.dispatch import Dispatcher
from studio.errors import UserInputError

log = logging.getLogger("studio.webhooks")

EVENTS = ("planned", "job_started", "job_finished", "stage", "finished")
DEFAULT_EVENTS = ("planned", "job_finished", "finished")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for one delivery."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers: dict[str, str], body: bytes, *, tolerance_s: float = 300) -> bool:
    """Whether a delivery's headers are a valid signature of `body` (for receivers)."""
    try:
        msg_id, stamp = headers["webhook-id"], int(headers["webhook-timestamp"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - stamp) > tolerance_s:
        return False
    expected = sign(secret, msg_id, stamp, body)
    return any(
        hmac.compare_digest(expected, s) for s in headers.get("webhook-signature", "").split()
    )


def check_url(url: str, settings: Settings, *, field_name: str = "webhook") -> str:
    """`url` when deliveries may go there; UserInputError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserInputError(
            "a webhook must be an http(s) URL",
            hint="e.g. https://example.com/hooks",
            field=field_name,
        )
    if getattr(settings, "webhook_allow_private", False):
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise UserInputError(
            f"the webhook host {parts.hostname!r} is unknown", field=field_name
        ) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise UserInputError(
                "a webhook may not point at a private, loopback or link-local address",
                hint="give a public URL",
                field=field_name,
            )
    return url


def check_events(events: list[str] | None) -> list[str]:
    if not events:
        return list(DEFAULT_EVENTS)
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise UserInputError(
            f"unknown webhook event {unknown[0]!r}",
            hint=f"use some of {', '.join(EVENTS)}",
            field="webhook_events",
        )
    return list(dict.fromkeys(events))


def kind_of(event: dict[str, Any]) -> str | None:
    """The webhook event type of a brief event (None: not one webhooks send)."""
    kind = event.get("type")
    if kind == "stage":
        return "planned" if event.get("stage") == "planned" else "stage"
    if kind == "end":
        return "finished"
    return kind if kind in EVENTS else None


@dataclass
class Subscription:
    brief_id: str
    owner: str
    url: str
    events: list[str]
    seen: int = 0  # the last event number looked at
    delivered: list[str] = field(default_factory=list)  # webhook ids delivered


Post = Callable[[str, bytes, dict[str, str]], int]


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    import httpx

    return httpx.post(
        url, content=body, headers=headers, timeout=10, follow_redirects=False
    ).status_code


class WebhookDeliverer:
    """Delivers the webhooks of the briefs it watches, one daemon thread per watched brief."""

    def __init__(
        self,
        settings: Settings,
        dispatcher: Dispatcher,
        *,
        attempts: int = 5,
        backoff_s: float = 0.5,
        post: Post | None = None,
    ) -> None:
        self.settings, self.dispatcher = settings, dispatcher
        self.attempts, self.backoff_s = attempts, backoff_s
        self.post = post or _post
        self.subscriptions: dict[str, Subscription] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def subscribe(self, sub: Subscription) -> None:
        with self._lock:
            self.subscriptions[sub.brief_id] = sub
        self.watch(sub.brief_id)

    def watch(self, brief_id: str) -> None:
        """Start (or restart, after a review) delivering a subscribed brief's events."""
        with self._lock:
            sub = self.subscriptions.get(brief_id)
            running = self._threads.get(brief_id)
            if sub is None or (running is not None and running.is_alive()):
                return
            thread = threading.Thread(
                target=self._run, args=(sub,), name=f"webhooks-{brief_id}", daemon=True
            )
            self._threads[brief_id] = thread
        thread.start()

    def _run(self, sub: Subscription) -> None:
        from studio.service.access import brief_events
        from studio.service.accounts import webhook_secret

        try:
            check_url(sub.url, self.settings)  # again: what the name resolves to may change
            secret = webhook_secret(self.settings, sub.owner)
            events = brief_events(
                sub.brief_id,
                settings=self.settings,
                owner=sub.owner,
                dispatcher=self.dispatcher,
                after=sub.seen,
                idle=2.0,
            )
            for item in events:
                if item is None:
                    if self._in_review(sub.brief_id):
                        return  # approve() watches it again
                    continue
                number, event = item
                sub.seen = number
                kind = kind_of(event)
                if kind in sub.events:
                    self.deliver(sub, secret, f"{sub.brief_id}.{number}", kind, event)
        except Exception:  # a webhook must never take the service down
            log.exception("webhooks of brief %s stopped", sub.brief_id)

    def _in_review(self, brief_id: str) -> bool:
        from studio.context import open_context

        row = open_context(self.settings).ledger.get(brief_id)
        return row.stage == "review"

    def deliver(
        self, sub: Subscription, secret: str, msg_id: str, kind: str, event: dict[str, Any]
    ) -> bool:
        """POST one event until a 2xx, at most `attempts` times with growing pauses."""
        for attempt in range(self.attempts):
            stamp = int(time.time())
            body = json.dumps(
                {"type": f"brief.{kind}", "timestamp": stamp, "data": event}, default=str
            ).encode()
            headers = {
                "content-type": "application/json",
                "webhook-id": msg_id,
                "webhook-timestamp": str(stamp),
                "webhook-signature": sign(secret, msg_id, stamp, body),
                "user-agent": "studio-webhooks/1",
            }
            try:
                status = self.post(sub.url, body, headers)
            except Exception as exc:  # the receiver is down: retried
                log.info("webhook %s to %s: %s", msg_id, sub.url, exc)
                status = 0
            if 200 <= status < 300:
                sub.delivered.append(msg_id)
                return True
            if attempt + 1 < self.attempts:
                time.sleep(self.backoff_s * 2**attempt)
        log.warning("webhook %s to %s given up after %d attempts", msg_id, sub.url, self.attempts)
        return False

    def join(self, timeout: float = 10.0) -> None:
        """Wait for the delivery threads (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
