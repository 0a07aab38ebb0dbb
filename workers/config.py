"""The Celery app's configuration, from Studio's Settings (workers/app.py builds the app).
STUDIO_REDIS_URL is the broker and the result backend; setting it is all `studio run --queue`
and `studio worker` need.

Delivery is at-least-once and loses nothing:

- `acks_late`: a task's message is acknowledged when the task returns, so a worker that dies
  mid-job leaves it in Redis; `task_reject_on_worker_lost` puts it back at once when only the
  pool process died, and the visibility timeout hands it to another worker when the whole
  worker died. `task_acks_on_timeout=False`: a job killed at the hard time limit goes back
  too (and counts an attempt).
- `worker_prefetch_multiplier=1`: a process holds one job at a time, so a long GPU job
  never sits behind another in a dead worker's buffer. A GPU worker that keeps its GPU fed
  runs two task threads (`--pool threads --concurrency 2`) and so holds two messages, both
  running: one generating, one encoding and writing (studio/executor/pipeline.py); each is
  acknowledged after its own record is written. The threads pool enforces no time limit:
  such a worker relies on the job lease and the sweeper, not on being killed at the limit.
- the visibility timeout (STUDIO_VISIBILITY_TIMEOUT_S) is above the longest job plus the
  longest retry delay (Settings checks it), so a running job is never handed out twice.
- every task is idempotent (studio.executor), the ledger counts attempts (poison jobs stop
  after STUDIO_MAX_JOB_ATTEMPTS), and results are not stored: the ledger is the truth.

Fair share: each queue has ten priority levels (Redis lists `cpu`, `cpu:1` ... `cpu:9`); a
job's level is its position in its owner's backlog (studio/fairness.py), so one user's batch
does not starve another user's single brief. The fan-in and resent jobs go at level 0.

Queues by kind of work: gpu (local diffusion), api (hosted models), cpu (the offline
renderer, composition, verification). Each job goes to its JobSpec.queue, which the planner
takes from the generator's capabilities; the fan-in goes to cpu.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from celery import Celery
from kombu import Queue

from studio.config import Settings, get_settings
from studio.domain import QUEUES
from studio.errors import ConfigError, UserInputError

COMPOSE_QUEUE = "cpu"


def redis_url(settings: Settings) -> str:
    if not settings.redis_url:
        raise UserInputError(
            "STUDIO_REDIS_URL is not set: workers and `studio run --queue` need Redis",
            hint="e.g. export STUDIO_REDIS_URL=redis://127.0.0.1:6379/0 (or run without --queue)",
        )
    check_redis_url(settings.redis_url)
    return settings.redis_url


_REDIS_SCHEMES = ("redis", "rediss", "redis+socket", "rediss+socket", "sentinel")
_EXAMPLE = "e.g. redis://127.0.0.1:6379/0 (rediss:// for TLS, redis://:PASSWORD@host:6379/0)"


def check_redis_url(url: str) -> None:
    """ConfigError, naming STUDIO_REDIS_URL (its password hidden), unless `url` is a Redis
    URL Celery can use: a known scheme, a host, a numeric port and database."""
    shown = re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", url)

    def bad(why: str) -> ConfigError:
        return ConfigError(f"STUDIO_REDIS_URL {shown!r} {why}", hint=_EXAMPLE)

    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise bad(f"is not a URL ({exc})") from None
    if parts.scheme not in _REDIS_SCHEMES:
        raise bad("is not a Redis URL: it must start with redis:// or rediss://")
    if parts.scheme == "sentinel":  # several hosts joined by ';': Celery checks those itself
        return
    if parts.scheme.endswith("+socket"):
        if not parts.path:
            raise bad("names no socket path")
        return
    try:
        port = parts.port
    except ValueError:
        raise bad("has a port that is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise bad("names no host")
    if port == 0:
        raise bad("has port 0")
    db = parts.path.strip("/")
    if db and not db.isdigit():
        raise bad(f"names database {db!r}: it must be a number")


def make_app(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    url = redis_url(settings)
    visibility = settings.visibility_timeout_s
    celery = Celery("studio", include=["workers.tasks"])
    celery.conf.update(
        broker_url=url,
        result_backend=url,
        # delivery: see the module docstring
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_timeout=False,
        worker_prefetch_multiplier=1,
        task_time_limit=settings.job_time_limit_s,
        task_soft_time_limit=max(1, int(settings.job_time_limit_s * 0.9)),
        broker_transport_options={
            "visibility_timeout": visibility,
            # look for messages of dead workers every tenth of the timeout (1-60 s)
            "unacked_restore_interval": max(1, min(60, visibility // 10)),
            "unacked_restore_throttle": 1,
            "socket_connect_timeout": 5,
            "socket_keepalive": True,
            # ten priority levels, 0 first: fair share across owners (studio/fairness.py)
            "priority_steps": list(range(10)),
            "sep": ":",
        },
        result_backend_transport_options={"visibility_timeout": visibility},
        # Redis restarting: keep trying instead of giving up
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        task_publish_retry=True,
        task_publish_retry_policy={
            "max_retries": 60,
            "interval_start": 0,
            "interval_step": 0.5,
            "interval_max": 2,
        },
        # queues and routing
        task_queues=[Queue(name, routing_key=name) for name in QUEUES],
        task_default_queue=COMPOSE_QUEUE,
        task_default_exchange="studio",
        task_routes={"studio.settle_brief": {"queue": COMPOSE_QUEUE}},
        # ids in, nothing out: the ledger is the truth, not the result backend
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_expires=24 * 3600,
        # models stay warm: never recycle a process on a task count
        worker_max_tasks_per_child=None,
        # task events cost a publish per task and state change: off until someone watches
        # (Flower turns them on over the control channel; so does `celery control enable_events`)
        worker_send_task_events=False,
        # a worker losing Redis keeps running its job: the restored copy of the message then
        # finds the job done (no second run, no second bill) instead of cancelling GPU work
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    return celery
