"""The Celery app: `celery -A workers.app worker` (or `studio worker`). Its configuration,
and why each setting is what it is, lives in workers/config.py."""

from __future__ import annotations

import logging

from celery import signals

from studio.config import get_settings
from workers.config import COMPOSE_QUEUE, QUEUES, make_app

__all__ = ["COMPOSE_QUEUE", "QUEUES", "app"]
log = logging.getLogger("studio.workers")

app = make_app()


@signals.worker_process_init.connect
def _fresh_process(**_: object) -> None:
    """A prefork child must not reuse the parent's database connections."""
    from studio.ledger import dispose_engines

    dispose_engines()


@signals.worker_ready.connect
def _start_sweeper(**_: object) -> None:
    """Lost jobs and stuck briefs are recovered within a lease, not a visibility timeout."""
    import os
    from pathlib import Path

    from workers import sweeper

    sweeper.start(app)
    if ready := os.environ.get("STUDIO_WORKER_READY_FILE"):  # for `studio worker`'s supervisor
        Path(ready).touch()


@signals.worker_init.connect
def _banner(**_: object) -> None:
    settings = get_settings()
    storage = settings.storage_url or str(settings.output_dir.resolve())
    log.warning(
        "studio worker: ledger %s, storage %s, max attempts %d, job time limit %d s",
        _safe(settings.ledger_url),
        storage,
        settings.max_job_attempts,
        settings.job_time_limit_s,
    )


def _safe(url: str) -> str:
    """A database URL without its password, for logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]
