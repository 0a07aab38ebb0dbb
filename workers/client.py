"""What a client (the CLI, later the API) needs from the workers: send a planned brief's
jobs, revoke them, and see who is listening. The brief itself goes into storage and the
ledger first (studio.executor.enqueue); only ids travel through Redis."""

from __future__ import annotations

from celery import Celery

from studio import executor
from studio.domain import Brief, Plan, Stage, State
from studio.errors import StudioError
from studio.fairness import backlog, priorities
from workers.config import COMPOSE_QUEUE

RUN_JOB, SETTLE_BRIEF = "studio.run_job", "studio.settle_brief"


def submit(
    ctx: executor.Context, brief: Brief, plan: Plan, *, celery: Celery | None = None
) -> None:
    """Brief, plan and references into storage and the ledger, then one message per job on
    its queue. The task id is the job id, so `revoke` needs nothing but the ledger.

    Redis unreachable: nothing is written when that is known up front; if it goes away while
    the jobs are being sent, the brief is failed with the reason (jobs already sent then see
    a finished brief and do not run)."""
    celery = celery or _default_app()
    try:
        with celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.5)
    except Exception as exc:
        raise _unreachable(celery, exc) from exc
    executor.enqueue(ctx, brief, plan)
    try:
        # fair share (studio/fairness.py): behind the owner's own backlog, not everyone's
        ahead = backlog(ctx.ledger, brief.owner, exclude_brief=brief.id)
        levels = priorities(ahead, len(plan.jobs), ctx.settings.fair_share_step)
        with celery.producer_or_acquire() as producer:
            for job, level in zip(plan.jobs, levels, strict=True):
                celery.send_task(
                    RUN_JOB,
                    (brief.id, job.id),
                    queue=job.queue,
                    task_id=job.id,
                    priority=level,
                    producer=producer,
                )
            if not plan.jobs:  # nothing to generate: straight to the fan-in
                executor.job_settled(ctx, brief.id, executor.JobOutcome(State.succeeded))
                celery.send_task(SETTLE_BRIEF, (brief.id,), queue=COMPOSE_QUEUE, producer=producer)
    except Exception as exc:
        error = _unreachable(celery, exc)
        ctx.ledger.set_brief(
            brief.id,
            state=State.failed,
            stage=Stage.done,
            error=f"could not queue the jobs: {error.message}",
        )
        raise error from exc


def _unreachable(celery: Celery, exc: Exception) -> StudioError:
    from urllib.parse import urlsplit

    parts = urlsplit(str(celery.conf.broker_url))
    netloc = (
        f"{parts.username or ''}:***@{parts.hostname}:{parts.port}"
        if parts.password
        else parts.netloc
    )
    url = parts._replace(netloc=netloc).geturl()  # never print a password
    return StudioError(
        f"cannot reach Redis at {url}: {exc}",
        hint="check STUDIO_REDIS_URL and that Redis is running",
    )


def resend_job(
    ctx: executor.Context, brief_id: str, job_id: str, *, celery: Celery | None = None
) -> None:
    """One job's message again, on its queue (the recovery sweep, `studio resume`): a
    duplicate of a live message is dropped by the job's lease or its terminal state."""
    job = executor.load_plan(ctx, brief_id).job(job_id)
    (celery or _default_app()).send_task(
        RUN_JOB, (brief_id, job_id), queue=job.queue, task_id=job_id
    )


def resend_settle(brief_id: str, *, celery: Celery | None = None) -> None:
    """A brief's fan-in again (settle_brief is safe to receive twice)."""
    (celery or _default_app()).send_task(SETTLE_BRIEF, (brief_id,), queue=COMPOSE_QUEUE)


def revoke(job_ids: list[str], *, celery: Celery | None = None) -> None:
    """Tell every worker to drop these jobs' messages (the ledger already stops them; this
    only saves a worker the look-up)."""
    if job_ids:
        (celery or _default_app()).control.revoke(job_ids)


def listening_queues(timeout: float = 1.0, *, celery: Celery | None = None) -> set[str]:
    """Queues some live worker consumes (empty when none answers within `timeout`)."""
    replies = (celery or _default_app()).control.inspect(timeout=timeout).active_queues() or {}
    return {q["name"] for queues in replies.values() for q in queues}


def _default_app() -> Celery:
    from workers.app import app

    return app
