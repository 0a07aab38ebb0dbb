"""Webhooks in the HTTP service: the `webhook` and `webhook_events` fields of a brief, checked
(http(s) only, no private addresses), and the deliverer that sends them from a background
thread of this process (studio.service.webhooks says how they are signed and retried)."""

from __future__ import annotations

import threading

from studio import service
from studio.api.app import Api

_lock = threading.Lock()


def deliverer(api: Api) -> service.WebhookDeliverer:
    """The service's one deliverer (made on first use)."""
    with _lock:
        found = getattr(api, "webhooks", None)
        if found is None:
            found = service.WebhookDeliverer(api.settings, api.dispatcher)
            api.webhooks = found  # type: ignore[attr-defined]
    return found


def checked(api: Api, url: str | None, events: list[str] | None) -> tuple[str, list[str]] | None:
    """(url, events) of a brief's webhook, or None without one (UserInputError if wrong)."""
    if not url:
        if events:
            service.check_events(events)
        return None
    checked_events = service.check_events(events)
    return service.check_webhook_url(url, api.settings), checked_events


def subscribe(api: Api, owner: str, brief_id: str, hook: tuple[str, list[str]] | None) -> None:
    if hook is not None:
        url, events = hook
        deliverer(api).subscribe(service.Subscription(brief_id, owner, url, events))


def copy_subscription(api: Api, source_id: str, brief_id: str) -> None:
    """A rerun tells the same webhook as the brief it repeats."""
    sub = deliverer(api).subscriptions.get(source_id)
    if sub is not None:
        subscribe(api, sub.owner, brief_id, (sub.url, sub.events))


def watch_again(api: Api, brief_id: str) -> None:
    """After an approval: deliver the rest of the brief's events."""
    deliverer(api).watch(brief_id)
