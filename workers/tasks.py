"""Thin tasks: unpack ids, call studio.executor, record, return. Two of them:

    studio.run_job(brief_id, job_id)   one job, on the job's queue (gpu | api | cpu)
    studio.settle_brief(brief_id)      the fan-in, on cpu: compose, or record the failure

A brief is a canvas: its jobs fan out, and the last one to reach a terminal state (the
ledger decides which, with one compare-and-set) sends the fan-in. Tasks never raise into
anything: a job's failure is recorded in the ledger and the fan-in turns it into the
brief's state. This is a chord whose counter lives in the ledger instead of the result
backend, so a redelivered task (after a worker was lost) cannot count twice and a Redis
restart cannot strand the brief.

Three kinds of trouble, three answers:
- a transient generator error: retry after exponential backoff with jitter (the ledger
  counts the attempt; STUDIO_MAX_JOB_ATTEMPTS bounds it);
- a permanent one (refusal, bad input, a bug): the job fails at once, the brief follows;
- the ledger, the store or Redis unreachable: the same task again later; if even that
  cannot be sent, the message goes back to Redis (or stays there, unacknowledged, until
  the visibility timeout returns it).

A GPU worker keeps its GPU fed with two task threads (`--pool threads --concurrency 2`): one
job generates while the one before it encodes, writes and records its outputs, and each
message is acknowledged when its own task returns, after its own record is written
(studio/executor/pipeline.py). The tasks are the same under the prefork pool.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from typing import Any

from celery.exceptions import Reject, Retry

from studio import executor
from studio.config import get_settings
from studio.domain import Stage, State
from workers.app import COMPOSE_QUEUE, app

log = logging.getLogger("studio.workers")

_context: dict[int, executor.Context] = {}
_context_lock = threading.Lock()  # task threads (threads pool) open the context once
os.register_at_fork(after_in_child=lambda: globals().update(_context_lock=threading.Lock()))


def context() -> executor.Context:
    """One per worker process, shared by its task threads: ledger engine, store client,
    event publisher, plan cache."""
    pid = os.getpid()
    with _context_lock:
        if pid not in _context:
            from studio.context import open_context
            from studio.events import RedisEvents

            settings = get_settings()
            _context.clear()
            _context[pid] = open_context(settings, events=[RedisEvents(settings.redis_url)])
        return _context[pid]


def _broker_error(exc: BaseException) -> bool:
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return isinstance(exc, OperationalError | RedisConnectionError | RedisTimeoutError)


def _again(task: Any, *, countdown: float, exc: BaseException | None = None) -> None:
    """Deliver this task again in `countdown` seconds. If the broker cannot take the new
    message, hand the current one back instead (Reject with requeue): it is never dropped."""
    try:
        raise task.retry(countdown=countdown, max_retries=None, exc=exc)
    except Retry:
        raise
    except Exception as publish_error:
        raise Reject(f"cannot schedule a retry ({publish_error})", requeue=True) from publish_error


def _infra_delay(task: Any) -> float:
    s = get_settings()
    return executor.retry_delay(
        task.request.retries + 1, base=s.retry_backoff_s, cap=s.retry_backoff_max_s
    )


@app.task(name="studio.run_job", bind=True)
def run_job(self: Any, brief_id: str, job_id: str) -> str:
    ctx = context()
    # 1. run it (or see that an earlier delivery did, or that the brief was cancelled)
    try:
        outcome = executor.run_job_once(ctx, brief_id, job_id)
    except Exception as exc:
        if executor.is_infrastructure_error(exc) or _broker_error(exc):
            log.warning("job %s: %s: %s; trying again later", job_id, type(exc).__name__, exc)
            # if the ledger is what is down, the attempt just stays "running"
            with contextlib.suppress(Exception):
                executor.release_job(ctx, job_id, error=f"{type(exc).__name__}: {exc}")
            _again(self, countdown=_infra_delay(self), exc=exc)
        log.exception("job %s failed outside its generator", job_id)
        outcome = executor.fail_job(ctx, brief_id, job_id, reason=f"{type(exc).__name__}: {exc}")
    # 2. a transient error: the same job again after the backoff
    if outcome.retry_in is not None:
        log.info("job %s: %s", job_id, outcome.error)
        _again(self, countdown=outcome.retry_in)
    # 3. terminal: if this was the last job of the brief, send the fan-in
    try:
        if executor.job_settled(ctx, brief_id, outcome):
            _send_settle(ctx, brief_id)
    except Reject:
        raise
    except Exception as exc:
        log.warning(
            "job %s: fan-in not sent (%s: %s); trying again later", job_id, type(exc).__name__, exc
        )
        _again(self, countdown=_infra_delay(self), exc=exc)
    return outcome.state.value


if get_settings().test_generators:

    @app.task(name="studio.bench_sleep")
    def bench_sleep(seconds: float) -> None:
        """Benchmarks only (STUDIO_TEST_GENERATORS=1): a task that does nothing but sleep,
        delivered like every other, measures Celery's own share of the per-job overhead."""
        time.sleep(seconds)


def _send_settle(ctx: executor.Context, brief_id: str) -> None:
    try:
        settle_brief.apply_async((brief_id,), queue=COMPOSE_QUEUE)
    except Exception:
        # undo "finishing" so the redelivered job sends it again
        ctx.ledger.advance_stage(brief_id, from_stage=Stage.finishing, to_stage=Stage.generating)
        raise


@app.task(name="studio.settle_brief", bind=True)
def settle_brief(self: Any, brief_id: str) -> str:
    ctx = context()
    try:
        verdict = executor.settle_brief(ctx, brief_id)
    except Exception as exc:
        if executor.is_infrastructure_error(exc) or _broker_error(exc):
            log.warning(
                "brief %s: fan-in: %s: %s; trying again later", brief_id, type(exc).__name__, exc
            )
            _again(self, countdown=_infra_delay(self), exc=exc)
        log.exception("brief %s: fan-in failed", brief_id)
        executor.finish_brief(
            ctx, brief_id, error=f"fan-in failed: {type(exc).__name__}: {exc}", state=State.failed
        )
        return "done"
    if verdict == "busy":  # another worker is composing; look again when its lease may be out
        s = ctx.settings
        _again(self, countdown=min(s.retry_backoff_max_s, max(1.0, s.lease_s)))
    return verdict
