"""Webhook subscriptions in the ledger, so that a restarted service delivers what it had not.

One row per subscribed brief says where its deliverer got to: `seen`, the last event number
looked at, and `ended_at` once the brief's final event was. The deliveries are an outbox: an
event to send is written as a pending delivery, with its payload, in the same transaction that
moves `seen` past it; it is settled (delivered, or failed after its attempts) once the
receiver answered. A deliverer that starts again (after a stop or a crash) first sends what
is pending, with the same webhook ids (at least once: receivers de-duplicate on the id), then
goes on after `seen`. Nothing settled is sent again.

A brief's events are numbered by the live stream they come from. The embedded mode's stream
lives in the process, so after a restart it starts again from 1: `stream` names the stream
`seen` counts in, and the numbers of a new one are added to `base` (what the old one had
reached), so no webhook id is ever given to two different events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, insert, or_, select, update

from studio.domain import utcnow
from studio.ledger.schema import _aware, webhook_deliveries, webhooks

if TYPE_CHECKING:
    from studio.ledger import Ledger

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass
class WebhookRow:
    brief_id: str
    owner: str
    url: str
    events: list[str]
    seen: int
    stream: str | None
    base: int
    created_at: datetime
    ended_at: datetime | None


@dataclass
class DeliveryRow:
    id: str  # the webhook-id: <brief>.<event number>
    brief_id: str
    number: int
    type: str  # brief.planned, ...
    data: dict[str, Any]  # the event
    state: str  # pending | delivered | failed
    status: int | None  # the last HTTP status (0: no answer)
    attempts: int
    settled_at: datetime | None


def _webhook(r: Any) -> WebhookRow:
    return WebhookRow(
        brief_id=r["brief_id"],
        owner=r["owner"],
        url=r["url"],
        events=json.loads(r["events_json"]),
        seen=r["seen"],
        stream=r["stream"],
        base=r["base"],
        created_at=_aware(r["created_at"]),
        ended_at=_aware(r["ended_at"]),
    )


def _delivery(r: Any) -> DeliveryRow:
    return DeliveryRow(
        id=r["id"],
        brief_id=r["brief_id"],
        number=r["number"],
        type=r["type"],
        data=json.loads(r["data_json"]),
        state=r["state"],
        status=r["status"],
        attempts=r["attempts"],
        settled_at=_aware(r["settled_at"]),
    )


def add_webhook(ledger: Ledger, *, brief_id: str, owner: str, url: str, events: list[str]) -> None:
    """Subscribe `url` to a brief's `events` (a second call replaces the URL and events)."""
    values = {"owner": owner, "url": url, "events_json": json.dumps(list(events))}
    with ledger.engine.begin() as conn:
        done = conn.execute(update(webhooks).where(webhooks.c.brief_id == brief_id).values(values))
        if done.rowcount == 0:
            conn.execute(
                insert(webhooks).values(
                    brief_id=brief_id, seen=0, base=0, created_at=utcnow(), **values
                )
            )


def get_webhook(ledger: Ledger, brief_id: str) -> WebhookRow | None:
    with ledger.engine.connect() as conn:
        found = (
            conn.execute(select(webhooks).where(webhooks.c.brief_id == brief_id)).mappings().first()
        )
    return _webhook(found) if found is not None else None


def unfinished_webhooks(ledger: Ledger) -> list[WebhookRow]:
    """The subscriptions with something left to do, oldest first: their brief's final event
    not looked at yet, or a delivery still pending. What a starting service watches again."""
    pending = exists().where(
        webhook_deliveries.c.brief_id == webhooks.c.brief_id,
        webhook_deliveries.c.state == PENDING,
    )
    query = (
        select(webhooks)
        .where(or_(webhooks.c.ended_at.is_(None), pending))
        .order_by(webhooks.c.created_at, webhooks.c.brief_id)
    )
    with ledger.engine.connect() as conn:
        return [_webhook(r) for r in conn.execute(query).mappings()]


def set_stream(ledger: Ledger, brief_id: str, *, stream: str, base: int) -> None:
    """The brief's events now come from `stream`; its event n is event `base + n`."""
    with ledger.engine.begin() as conn:
        conn.execute(
            update(webhooks).where(webhooks.c.brief_id == brief_id).values(stream=stream, base=base)
        )


def look(
    ledger: Ledger,
    brief_id: str,
    *,
    seen: int,
    send: tuple[str, dict[str, Any]] | None = None,
    ended: bool = False,
) -> DeliveryRow | None:
    """Event `seen` has been looked at (with `ended`, it was the brief's last); `send` =
    (type, event) makes it a pending delivery, returned. One transaction: both or neither."""
    values: dict[str, Any] = {"seen": seen}
    if ended:
        values["ended_at"] = utcnow()
    row = None
    with ledger.engine.begin() as conn:
        conn.execute(update(webhooks).where(webhooks.c.brief_id == brief_id).values(values))
        if send is not None:
            kind, event = send
            row = DeliveryRow(
                f"{brief_id}.{seen}", brief_id, seen, kind, event, PENDING, None, 0, None
            )
            taken = conn.execute(
                select(webhook_deliveries.c.id).where(webhook_deliveries.c.id == row.id)
            ).first()
            if taken is not None:
                return None  # already in the outbox (an event looked at twice)
            conn.execute(
                insert(webhook_deliveries).values(
                    id=row.id,
                    brief_id=brief_id,
                    number=seen,
                    type=kind,
                    data_json=json.dumps(event, default=str),
                    state=PENDING,
                    attempts=0,
                    created_at=utcnow(),
                )
            )
            row.data = json.loads(json.dumps(event, default=str))  # as it is stored and sent
    return row


def settle(ledger: Ledger, webhook_id: str, *, delivered: bool, status: int, attempts: int) -> None:
    """A pending delivery was delivered (a 2xx) or failed (no 2xx in `attempts` tries)."""
    with ledger.engine.begin() as conn:
        conn.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == webhook_id)
            .values(
                state=DELIVERED if delivered else FAILED,
                status=status,
                attempts=webhook_deliveries.c.attempts + attempts,
                settled_at=utcnow(),
            )
        )


def deliveries(ledger: Ledger, brief_id: str, *, state: str | None = None) -> list[DeliveryRow]:
    """A brief's deliveries (only those in `state` when given), by event number."""
    query = select(webhook_deliveries).where(webhook_deliveries.c.brief_id == brief_id)
    if state is not None:
        query = query.where(webhook_deliveries.c.state == state)
    with ledger.engine.connect() as conn:
        rows = conn.execute(query.order_by(webhook_deliveries.c.number)).mappings()
        return [_delivery(r) for r in rows]
