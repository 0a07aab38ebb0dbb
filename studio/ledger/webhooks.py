"""Webhook subscriptions in the ledger, so that a restarted service delivers what it had not.

One row per subscribed brief says where its deliverer got to: `seen`, the last event number
looked at, and `ended_at` once the brief's final event was. Each delivery that is settled
(delivered, or given up after its attempts) is a row of its own, keyed by its webhook id, and
is written in the same transaction that moves `seen` past its event: after a crash the
deliverer starts again after `seen`, so the event that was in flight is sent again with the
same id (at least once) and nothing settled is.

A brief's events are numbered by the live stream they come from. The embedded mode's stream
lives in the process, so after a restart it starts again from 1: `stream` names the stream
`seen` counts in, and `base` is added to the numbers of a new one (the first event of the new
stream gets `base + 1`, `base` being what the old one had reached), so no webhook id is ever
given to two different events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from studio.domain import utcnow
from studio.ledger.schema import _aware, webhook_deliveries, webhooks

if TYPE_CHECKING:
    from studio.ledger import Ledger


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
    status: int  # the last HTTP status (0: no answer)
    attempts: int
    delivered_at: datetime | None  # None: given up

    @property
    def delivered(self) -> bool:
        return self.delivered_at is not None


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
        status=r["status"],
        attempts=r["attempts"],
        delivered_at=_aware(r["delivered_at"]),
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
        row = conn.execute(select(webhooks).where(webhooks.c.brief_id == brief_id)).mappings()
        found = row.first()
    return _webhook(found) if found is not None else None


def unended_webhooks(ledger: Ledger) -> list[WebhookRow]:
    """The subscriptions whose brief's final event has not been looked at yet, oldest first:
    the ones a starting service watches again."""
    query = (
        select(webhooks)
        .where(webhooks.c.ended_at.is_(None))
        .order_by(webhooks.c.created_at, webhooks.c.brief_id)
    )
    with ledger.engine.connect() as conn:
        return [_webhook(r) for r in conn.execute(query).mappings()]


def set_stream(ledger: Ledger, brief_id: str, *, stream: str, base: int) -> None:
    """The brief's events now come from `stream`, numbered from `base` on."""
    with ledger.engine.begin() as conn:
        conn.execute(
            update(webhooks)
            .where(webhooks.c.brief_id == brief_id)
            .values(stream=stream, base=base, seen=base)
        )


def advance_webhook(
    ledger: Ledger,
    brief_id: str,
    *,
    seen: int,
    delivery: DeliveryRow | None = None,
    ended: bool = False,
) -> None:
    """Event `seen` has been looked at, and `delivery` (if it was one to send) settled; with
    `ended` it was the brief's last. One transaction: both are written or neither is."""
    values: dict[str, Any] = {"seen": seen}
    if ended:
        values["ended_at"] = utcnow()
    with ledger.engine.begin() as conn:
        if delivery is not None:
            settled = {
                "status": delivery.status,
                "attempts": delivery.attempts,
                "delivered_at": delivery.delivered_at,
            }
            done = conn.execute(
                update(webhook_deliveries)
                .where(webhook_deliveries.c.id == delivery.id)
                .values(settled)
            )
            if done.rowcount == 0:
                conn.execute(
                    insert(webhook_deliveries).values(id=delivery.id, brief_id=brief_id, **settled)
                )
        conn.execute(update(webhooks).where(webhooks.c.brief_id == brief_id).values(values))


def get_delivery(ledger: Ledger, webhook_id: str) -> DeliveryRow | None:
    with ledger.engine.connect() as conn:
        query = select(webhook_deliveries).where(webhook_deliveries.c.id == webhook_id)
        found = conn.execute(query).mappings().first()
    return _delivery(found) if found is not None else None


def deliveries(ledger: Ledger, brief_id: str) -> list[DeliveryRow]:
    """A brief's settled deliveries, by event number."""
    query = select(webhook_deliveries).where(webhook_deliveries.c.brief_id == brief_id)
    with ledger.engine.connect() as conn:
        rows = [_delivery(r) for r in conn.execute(query).mappings()]
    return sorted(rows, key=lambda d: int(d.id.rsplit(".", 1)[-1]))
