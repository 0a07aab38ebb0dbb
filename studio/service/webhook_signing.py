"""What a webhook delivery is, for senders and receivers: a POST of JSON {"type",
"timestamp", "data"} with the headers

    webhook-id         <brief id>.<event number>: the same for every retry (de-duplicate on it)
    webhook-timestamp  Unix seconds
    webhook-signature  v1,<base64 of HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>

where the secret is the user's webhook secret (studio.accounts.webhook_secret) as UTF-8 bytes
(the Standard Webhooks scheme); which brief events are sent as which types; and which URLs a
webhook may have: http(s) only, and never one that points at a private, loopback or
link-local address unless the settings allow it (a test's receiver)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from studio.config import Settings
from studio.errors import UserInputError

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
