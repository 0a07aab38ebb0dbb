"""The recovery sweep on the workers (studio/executor/recovery.py says what it does): a
thread in each worker's main process wakes every STUDIO_SWEEP_INTERVAL_S, and the one that
takes a short Redis lock sweeps; the others sleep again. Lost jobs go back on their queues,
stuck briefs get their fan-in again."""

from __future__ import annotations

import logging
import threading

from studio.executor import recovery

log = logging.getLogger("studio.workers")
LOCK = "studio:sweep-lock"
_started: list[threading.Thread] = []


def sweep_once(ctx, celery) -> recovery.SweepReport:  # noqa: ANN001
    """One sweep through this Celery app (for the worker thread and `studio resume`)."""
    from workers.client import resend_job, resend_settle

    return recovery.sweep(
        ctx,
        requeue=lambda brief_id, job_id: resend_job(ctx, brief_id, job_id, celery=celery),
        settle=lambda brief_id: resend_settle(brief_id, celery=celery),
    )


def start(celery) -> None:  # noqa: ANN001
    """Start the sweeper thread of this worker (once per process)."""
    if _started:
        return
    thread = threading.Thread(target=_loop, args=(celery,), name="studio-sweep", daemon=True)
    _started.append(thread)
    thread.start()


def _loop(celery) -> None:  # noqa: ANN001
    import redis

    from studio.executor.lease import runner_token
    from workers.tasks import context

    stop = threading.Event()
    token = runner_token()
    while True:
        ctx = context()
        interval = ctx.settings.sweep_interval_s
        if stop.wait(interval):
            return
        try:
            client = redis.Redis.from_url(ctx.settings.redis_url, socket_timeout=5)
            if not client.set(LOCK, token, nx=True, px=max(1000, int(interval * 900))):
                continue  # another worker sweeps this round
            report = sweep_once(ctx, celery)
            if report.requeued or report.settled:
                log.warning(
                    "recovery sweep: %d lost job(s) sent again %s, %d brief(s) settled again %s",
                    len(report.requeued),
                    report.requeued,
                    len(report.settled),
                    report.settled,
                )
        except Exception as exc:  # Redis or the ledger away: next round
            log.info("recovery sweep skipped (%s: %s)", type(exc).__name__, exc)
