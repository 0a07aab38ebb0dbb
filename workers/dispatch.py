"""The Celery dispatcher: a planned brief's jobs go to the workers through Redis (see
studio/dispatch.py for the protocol and the local one). Events travel on Redis streams, so
any process can follow a brief that another one submitted."""

from __future__ import annotations

from typing import Any

from studio.config import Settings
from studio.context import Context, EventFn
from studio.domain import Brief, Plan
from studio.events import EventReader, RedisEvents
from workers import client
from workers.config import make_app, redis_url


class CeleryDispatcher:
    """Sends with a Celery app made from its own settings (a per-request or per-tenant
    Settings, as the HTTP service passes them), not the process-wide workers.app."""

    name = "celery"

    def __init__(self, settings: Settings) -> None:
        self.redis = redis_url(settings)  # one clear line when STUDIO_REDIS_URL is not set
        self.celery = make_app(settings)

    def sinks(self) -> list[EventFn]:
        return [RedisEvents(self.redis)]

    def submit(self, ctx: Context, brief: Brief, plan: Plan) -> None:
        client.submit(ctx, brief, plan, celery=self.celery)

    def revoke(self, job_ids: list[str]) -> None:
        client.revoke(job_ids, celery=self.celery)

    def listening(self, timeout: float = 1.0) -> set[str] | None:
        return client.listening_queues(timeout, celery=self.celery)

    def events(self, brief_id: str) -> Any:
        return EventReader(self.redis, brief_id)
