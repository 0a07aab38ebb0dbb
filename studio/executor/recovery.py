"""The recovery sweep: nothing stays stranded. Run periodically by the workers (one sweeper at
a time) and on demand by `studio resume`:

- a job whose lease expired (its worker was SIGKILLed, lost its machine, hung past its time
  limit) goes back to planned and is sent again: another runner takes it over, counting one
  more attempt, within `lease_s` + `sweep_interval_s` instead of Redis's visibility timeout;
- a job still waiting in a brief where nothing has moved for four leases (its message lost
  by Redis, or held unacknowledged by a worker that died) is sent again;
- a brief whose every job has ended but which never finished (a lost fan-in message, a worker
  that died while composing) gets its fan-in again (settle_brief tolerates duplicates);
- an in-process brief whose process lease expired (SIGKILL, power cut) is listed for
  `studio resume`, which finishes it in the resuming process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from studio.context import Context
from studio.domain import State

LOST = "its runner stopped renewing its lease (worker lost or killed); taken over"


@dataclass
class SweepReport:
    requeued: list[str] = field(default_factory=list)  # job ids sent again
    settled: list[str] = field(default_factory=list)  # brief ids whose fan-in was sent again
    interrupted: list[str] = field(default_factory=list)  # in-process briefs to resume

    def __bool__(self) -> bool:
        return bool(self.requeued or self.settled or self.interrupted)


def sweep(
    ctx: Context,
    *,
    requeue: Callable[[str, str], None],
    settle: Callable[[str], None],
) -> SweepReport:
    """One pass. `requeue(brief_id, job_id)` sends a job again, `settle(brief_id)` sends a
    brief's fan-in again (the dispatcher's way of doing either)."""
    report = SweepReport()
    for brief_id, job_id in ctx.ledger.lost_jobs():
        # reserved first, then sent: if this sweeper dies in between, or the message is lost,
        # the reservation runs out and a later sweep sends the job again
        if ctx.ledger.reserve_lost_job(job_id, error=LOST, lease_s=ctx.settings.lease_s):
            requeue(brief_id, job_id)
            ctx.emit(brief_id, "job_retry", job_id=job_id, delay=0, error=LOST)
            report.requeued.append(job_id)
    # jobs waiting while nothing of their brief moved for four leases: their messages may be
    # gone (lost by Redis, or held unacknowledged by a worker that died); a duplicate of a
    # live message is harmless (the job's lease or its end state drops it)
    idle = 4 * ctx.settings.lease_s
    for brief_id, job_id in ctx.ledger.idle_jobs(older_than_s=idle):
        if ctx.ledger.reserve_idle_job(job_id, hold_s=idle):
            requeue(brief_id, job_id)
            report.requeued.append(job_id)
    stale = max(2 * ctx.settings.lease_s, 10.0)
    for brief_id, _stage in ctx.ledger.stuck_briefs(older_than_s=stale):
        settle(brief_id)
        report.settled.append(brief_id)
    report.interrupted = [b for b, _ in ctx.ledger.lost_briefs()]
    return report


def pending_jobs(ctx: Context, brief_id: str) -> list[str]:
    """The generate jobs of a running brief that have not ended (what `studio resume ID`
    sends again when their messages may have been lost with Redis)."""
    row = ctx.ledger.get(brief_id)
    if row.state is not State.running:
        return []
    return [j.id for j in row.jobs if j.kind == "generate" and not j.state.terminal]
