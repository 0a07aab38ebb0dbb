"""Webhooks per brief, delivered from background threads of the process that serves the
brief (the HTTP service) as the brief's events come in; how a delivery is signed, and which
URLs are taken, is studio.service.webhook_signing.

A delivery that does not get a 2xx is retried with exponential back-off, a bounded number of
times. Subscriptions are durable: each is a row in the ledger (studio.ledger.webhooks) with the
last event number its deliverer looked at, and every event to send goes through an outbox
there (written before it is sent, settled after), so a service that stops or crashes mid-brief
delivers the rest when it starts again (`resume`). That is at-least-once delivery: the event
in flight at a crash is sent again, with the same `webhook-id`, which receivers de-duplicate
on. In the embedded mode a brief's live events live in the process: a brief that was still
running when its process died loses the events not yet looked at then (its run died with it);
its final event ("finished", from the ledger) still comes once the brief ends."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studio.config import Settings
from studio.dispatch import Dispatcher
from studio.ledger import webhooks as ledger_webhooks
from studio.service.webhook_signing import (
    DEFAULT_EVENTS,
    EVENTS,
    check_events,
    check_url,
    kind_of,
    sign,
    verify,
)

__all__ = [
    "DEFAULT_EVENTS",
    "EVENTS",
    "Subscription",
    "WebhookDeliverer",
    "check_events",
    "check_url",
    "kind_of",
    "sign",
    "stream_name",
    "verify",
]

log = logging.getLogger("studio.webhooks")


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


_streams: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_streams_lock = threading.Lock()


def stream_name(dispatcher: Dispatcher) -> str:
    """What numbers a brief's events: a queue's streams outlive every process (Redis), an
    in-process stream lives as long as its dispatcher, so each one gets a name of its own."""
    if dispatcher.name != "local":
        return dispatcher.name
    with _streams_lock:
        return _streams.setdefault(dispatcher, f"local:{uuid.uuid4().hex}")


class _Subscriptions:
    """The deliverer's subscriptions, as the ledger has them (`get`, `in`, `[]`)."""

    def __init__(self, deliverer: WebhookDeliverer) -> None:
        self._deliverer = deliverer

    def get(self, brief_id: str) -> Subscription | None:
        row = ledger_webhooks.get_webhook(self._deliverer.ledger, brief_id)
        if row is None:
            return None
        sub = Subscription(row.brief_id, row.owner, row.url, row.events, seen=row.seen)
        done = ledger_webhooks.deliveries(self._deliverer.ledger, brief_id, state="delivered")
        sub.delivered = [d.id for d in done]
        return sub

    def __contains__(self, brief_id: object) -> bool:
        return isinstance(brief_id, str) and self.get(brief_id) is not None

    def __getitem__(self, brief_id: str) -> Subscription:
        sub = self.get(brief_id)
        if sub is None:
            raise KeyError(brief_id)
        return sub


class WebhookDeliverer:
    """Delivers the webhooks of the briefs it watches, one daemon thread per watched brief.
    Subscriptions and progress live in the ledger (studio.ledger.webhooks): `resume` watches
    again, in a new process, every brief with a delivery pending or an end not yet looked at."""

    def __init__(
        self,
        settings: Settings,
        dispatcher: Dispatcher,
        *,
        attempts: int = 5,
        backoff_s: float = 0.5,
        post: Post | None = None,
    ) -> None:
        from studio.context import open_ledger

        self.settings, self.dispatcher = settings, dispatcher
        self.ledger = open_ledger(settings.ledger_url, configured=bool(settings.database_url))
        self.attempts, self.backoff_s = attempts, backoff_s
        self.post = post or _post
        self.subscriptions = _Subscriptions(self)
        self.stream = stream_name(dispatcher)
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._again: set[str] = set()

    def subscribe(self, sub: Subscription) -> None:
        """Record the subscription in the ledger and start delivering its events."""
        ledger_webhooks.add_webhook(
            self.ledger, brief_id=sub.brief_id, owner=sub.owner, url=sub.url, events=sub.events
        )
        self.watch(sub.brief_id)

    def resume(self) -> list[str]:
        """Watch again every subscription with something left to do: a delivery pending, or
        its brief's end not looked at yet (a service starting after a stop or a crash);
        returns their brief ids."""
        ids = [row.brief_id for row in ledger_webhooks.unfinished_webhooks(self.ledger)]
        for brief_id in ids:
            self.watch(brief_id)
        return ids

    def watch(self, brief_id: str) -> None:
        """Start (or restart, after a review) delivering a subscribed brief's events."""
        with self._lock:
            running = self._threads.get(brief_id)
            if self._stop.is_set():
                return
            if running is not None and running.is_alive():
                self._again.add(brief_id)  # it may be on its way out (a review): go on after
                return
            thread = threading.Thread(
                target=self._run, args=(brief_id,), name=f"webhooks-{brief_id}", daemon=True
            )
            self._threads[brief_id] = thread
        thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop delivering (service shutdown): a delivery being retried is left unsettled, to be
        sent again, with the same id, by the deliverer that resumes."""
        self._stop.set()
        self.join(timeout)

    def _run(self, brief_id: str) -> None:
        from studio.service.access import brief_events
        from studio.service.accounts import webhook_secret

        try:
            row = ledger_webhooks.get_webhook(self.ledger, brief_id)
            if row is None:
                return
            check_url(row.url, self.settings)  # again: what the name resolves to may change
            secret = webhook_secret(self.settings, row.owner)
            # 1. what was on its way when the last deliverer stopped, in order
            for pending in ledger_webhooks.deliveries(self.ledger, brief_id, state="pending"):
                if not self._send(row, secret, pending):
                    return
            if row.ended_at is not None:
                return
            # 2. a stream this brief's events were not counted in starts again from 1
            if row.stream != self.stream:
                ledger_webhooks.set_stream(self.ledger, brief_id, stream=self.stream, base=row.seen)
                row.base = row.seen
            events = brief_events(
                brief_id,
                settings=self.settings,
                owner=row.owner,
                dispatcher=self.dispatcher,
                after=row.seen - row.base,
                idle=2.0,
            )
            try:
                for item in events:
                    if self._stop.is_set():
                        return
                    if item is None:
                        if self._in_review(brief_id):
                            return  # approve() watches it again
                        continue
                    # 3. each new event: into the outbox if subscribed to, then sent
                    number, event = row.base + item[0], item[1]
                    kind = kind_of(event)
                    send = (f"brief.{kind}", event) if kind in row.events else None
                    ended = event.get("type") == "end"
                    queued = ledger_webhooks.look(
                        self.ledger, brief_id, seen=number, send=send, ended=ended
                    )
                    if queued is not None and not self._send(row, secret, queued):
                        return
            finally:
                events.close()
        except Exception:  # a webhook must never take the service down
            log.exception("webhooks of brief %s stopped", brief_id)
        finally:
            with self._lock:
                again = brief_id in self._again
                self._again.discard(brief_id)
                self._threads.pop(brief_id, None)
            if again:
                self.watch(brief_id)

    def _send(
        self, row: ledger_webhooks.WebhookRow, secret: str, queued: ledger_webhooks.DeliveryRow
    ) -> bool:
        """Deliver one pending delivery and settle it; False when stopped before it settled."""
        tries = self.deliver(row.url, secret, queued.id, queued.type, queued.data)
        if tries is None:
            return False
        status, attempts = tries
        ledger_webhooks.settle(
            self.ledger,
            queued.id,
            delivered=200 <= status < 300,
            status=status,
            attempts=attempts,
        )
        return True

    def _in_review(self, brief_id: str) -> bool:
        return self.ledger.get(brief_id).stage == "review"

    def deliver(
        self, url: str, secret: str, msg_id: str, kind: str, event: dict[str, Any]
    ) -> tuple[int, int] | None:
        """POST one event (of type `kind`, e.g. brief.finished) until a 2xx, at most `attempts`
        times with growing pauses: (the last status, the attempts made), or None when the
        deliverer was stopped meanwhile (the delivery stays pending)."""
        status = 0
        for attempt in range(self.attempts):
            if self._stop.is_set():
                return None
            stamp = int(time.time())
            body = json.dumps(
                {"type": kind, "timestamp": stamp, "data": event}, default=str
            ).encode()
            headers = {
                "content-type": "application/json",
                "webhook-id": msg_id,
                "webhook-timestamp": str(stamp),
                "webhook-signature": sign(secret, msg_id, stamp, body),
                "user-agent": "studio-webhooks/1",
            }
            try:
                status = self.post(url, body, headers)
            except Exception as exc:  # the receiver is down: retried
                log.info("webhook %s to %s: %s", msg_id, url, exc)
                status = 0
            if 200 <= status < 300:
                return status, attempt + 1
            if attempt + 1 < self.attempts and self._stop.wait(self.backoff_s * 2**attempt):
                return None
        log.warning("webhook %s to %s given up after %d attempts", msg_id, url, self.attempts)
        return status, self.attempts

    def join(self, timeout: float = 10.0) -> None:
        """Wait for the delivery threads (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
