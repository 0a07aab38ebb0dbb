"""Leases: who is running a job (or a whole in-process brief) right now, and until when.

A runner takes a job with `take_job` — one conditional UPDATE that fails while another runner
holds a live lease — and renews the lease while it works (`renew_job`, from a heartbeat
thread). A second delivery of the same message while the first runs is therefore dropped (no
second generation, no second bill); a runner that died stops renewing, its lease expires, and
the recovery sweep (studio/executor/recovery.py) hands the job to another runner, which counts
one more attempt. An in-process run leases its brief the same way, so a run ended by SIGKILL
is seen as interrupted and `studio resume` can finish it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from studio.domain import State, utcnow
from studio.ledger.schema import briefs, jobs

_TERMINAL = [s.value for s in State if s.terminal]
SWEEP = "sweep"  # the owner of a lost job's reservation while the sweep sends it again


class LeaseMixin:
    """The lease operations of the Ledger (which provides `_one` and `_read`)."""

    def _one(self) -> Any: ...  # pragma: no cover - provided by Ledger

    def _read(self) -> Any: ...  # pragma: no cover - provided by Ledger

    # -- jobs -----------------------------------------------------------------------------
    def take_job(
        self, job_id: str, *, owner: str, lease_s: float, generator: str | None = None
    ) -> int | None:
        """Start a job under a lease and count the attempt. Returns the attempt number, or
        None when the job is finished or another runner's lease on it is still live."""
        now = utcnow()
        free = or_(
            jobs.c.state != State.running.value,
            jobs.c.lease_expires_at.is_(None),
            jobs.c.lease_expires_at < now,
            jobs.c.lease_owner == owner,
            jobs.c.lease_owner == SWEEP,  # sent again by the sweep: the first runner takes it
        )
        with self._one() as conn:
            attempts = conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.state.not_in(_TERMINAL), free)
                .values(
                    state=State.running.value,
                    attempts=jobs.c.attempts + 1,
                    started_at=now,
                    finished_at=None,
                    error=None,
                    generator=func.coalesce(generator, jobs.c.generator),
                    lease_owner=owner,
                    lease_expires_at=now + timedelta(seconds=lease_s),
                )
                .returning(jobs.c.attempts)
            ).scalar()
        return int(attempts) if attempts is not None else None

    def renew_job(self, job_id: str, *, owner: str, lease_s: float) -> bool:
        """Extend the lease this runner holds; False when it no longer holds it."""
        with self._one() as conn:
            done = conn.execute(
                update(jobs)
                .where(
                    jobs.c.id == job_id,
                    jobs.c.lease_owner == owner,
                    jobs.c.state == State.running.value,
                )
                .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
            )
        return bool(done.rowcount)

    def lost_jobs(self, *, now: datetime | None = None) -> list[tuple[str, str]]:
        """(brief id, job id) of generate jobs running under an expired lease, in briefs that
        are still running: their runners died."""
        now = now or utcnow()
        with self._read() as conn:
            rows = conn.execute(
                select(jobs.c.brief_id, jobs.c.id)
                .join(briefs, briefs.c.id == jobs.c.brief_id)
                .where(
                    jobs.c.kind == "generate",
                    jobs.c.state == State.running.value,
                    jobs.c.lease_expires_at.is_not(None),
                    jobs.c.lease_expires_at < now,
                    briefs.c.state == State.running.value,
                    briefs.c.lease_owner.is_(None),  # an in-process brief resumes whole
                )
            ).all()
        return [(r[0], r[1]) for r in rows]

    def reserve_lost_job(self, job_id: str, *, error: str, lease_s: float) -> bool:
        """The sweep is about to send a lost job again: note why and hold it for `lease_s`
        under the sweep's name (a reservation any runner may take, but which keeps the next
        sweeps from sending it again meanwhile). The job stays `running` with its attempt
        counted, so if the message never arrives (the sweeper died before sending it, Redis
        lost it) its reservation expires and a later sweep sends it again. False when its
        runner came back or another sweeper got there first."""
        now = utcnow()
        with self._one() as conn:
            done = conn.execute(
                update(jobs)
                .where(
                    jobs.c.id == job_id,
                    jobs.c.state == State.running.value,
                    jobs.c.lease_expires_at < now,
                )
                .values(
                    error=error,
                    lease_owner=SWEEP,
                    lease_expires_at=now + timedelta(seconds=lease_s),
                )
            )
        return bool(done.rowcount)

    def idle_jobs(self, *, older_than_s: float) -> list[tuple[str, str]]:
        """(brief id, job id) of generate jobs still `planned` in running briefs on the
        workers where nothing has started or finished for `older_than_s`, and which the sweep
        has not sent again within that time: their messages may be gone (Redis lost them, or
        a worker died holding them unacknowledged)."""
        now = utcnow()
        cutoff = now - timedelta(seconds=older_than_s)
        other = jobs.alias("other")
        recent = (
            select(other.c.id)
            .where(
                other.c.brief_id == briefs.c.id,
                or_(other.c.started_at > cutoff, other.c.finished_at > cutoff),
            )
            .correlate(briefs)
            .exists()
        )
        with self._read() as conn:
            rows = conn.execute(
                select(jobs.c.brief_id, jobs.c.id)
                .join(briefs, briefs.c.id == jobs.c.brief_id)
                .where(
                    jobs.c.kind == "generate",
                    jobs.c.state == State.planned.value,
                    or_(jobs.c.lease_expires_at.is_(None), jobs.c.lease_expires_at < now),
                    briefs.c.state == State.running.value,
                    briefs.c.lease_owner.is_(None),
                    briefs.c.started_at < cutoff,
                    ~recent,
                )
            ).all()
        return [(r[0], r[1]) for r in rows]

    def reserve_idle_job(self, job_id: str, *, hold_s: float) -> bool:
        """Note that the sweep sends a waiting job again, so it is not sent again for
        `hold_s`; any runner still takes it at once (it stays `planned`)."""
        now = utcnow()
        with self._one() as conn:
            done = conn.execute(
                update(jobs)
                .where(
                    jobs.c.id == job_id,
                    jobs.c.state == State.planned.value,
                    or_(jobs.c.lease_expires_at.is_(None), jobs.c.lease_expires_at < now),
                )
                .values(lease_owner=SWEEP, lease_expires_at=now + timedelta(seconds=hold_s))
            )
        return bool(done.rowcount)

    def renew_compose(self, brief_id: str, *, owner: str, lease_s: float) -> bool:
        """Extend the compositions' claim this worker holds (settle_brief's heartbeat)."""
        with self._one() as conn:
            done = conn.execute(
                update(jobs)
                .where(
                    jobs.c.brief_id == brief_id,
                    jobs.c.kind == "compose",
                    jobs.c.lease_owner == owner,
                    jobs.c.state == State.running.value,
                )
                .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
            )
        return bool(done.rowcount)

    # -- briefs (in-process runs) -----------------------------------------------------------
    def take_brief(self, brief_id: str, *, owner: str, lease_s: float) -> bool:
        """Lease a whole running brief to one process (an in-process run, or `studio resume`).
        False when another live process holds it."""
        now = utcnow()
        free = or_(
            briefs.c.lease_expires_at.is_(None),
            briefs.c.lease_expires_at < now,
            briefs.c.lease_owner == owner,
        )
        with self._one() as conn:
            done = conn.execute(
                update(briefs)
                .where(briefs.c.id == brief_id, briefs.c.state.not_in(_TERMINAL), free)
                .values(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_s))
            )
        return bool(done.rowcount)

    def brief_holder(self, brief_id: str) -> str | None:
        """The process holding a live lease on this brief (an in-process run), if any."""
        with self._read() as conn:
            row = conn.execute(
                select(briefs.c.lease_owner, briefs.c.lease_expires_at).where(
                    briefs.c.id == brief_id
                )
            ).first()
        if row is None or row[0] is None or row[1] is None:
            return None
        expires = row[1] if row[1].tzinfo else row[1].replace(tzinfo=utcnow().tzinfo)
        return row[0] if expires > utcnow() else None

    def renew_brief(self, brief_id: str, *, owner: str, lease_s: float) -> bool:
        with self._one() as conn:
            done = conn.execute(
                update(briefs)
                .where(briefs.c.id == brief_id, briefs.c.lease_owner == owner)
                .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
            )
        return bool(done.rowcount)

    def lost_briefs(self, *, now: datetime | None = None) -> list[tuple[str, str]]:
        """(brief id, stage) of running briefs whose process lease expired (in-process runs
        ended by SIGKILL, a power cut, a full disk that killed the process)."""
        now = now or utcnow()
        with self._read() as conn:
            rows = conn.execute(
                select(briefs.c.id, briefs.c.stage).where(
                    briefs.c.state.not_in(_TERMINAL),
                    briefs.c.lease_expires_at.is_not(None),
                    briefs.c.lease_expires_at < now,
                )
            ).all()
        return [(r[0], r[1]) for r in rows]

    def stuck_briefs(self, *, older_than_s: float) -> list[tuple[str, str]]:
        """(brief id, stage) of running briefs on the workers (no process lease) whose every
        generate job has ended but which have not finished for `older_than_s`: a lost fan-in
        message, or a worker that died while finishing."""
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        pending = (
            select(func.count())
            .select_from(jobs)
            .where(
                jobs.c.brief_id == briefs.c.id,
                jobs.c.kind == "generate",
                jobs.c.state.not_in(_TERMINAL),
            )
            .scalar_subquery()
        )
        last = (
            select(func.max(jobs.c.finished_at))
            .where(jobs.c.brief_id == briefs.c.id)
            .scalar_subquery()
        )
        with self._read() as conn:
            rows = conn.execute(
                select(briefs.c.id, briefs.c.stage).where(
                    briefs.c.state == State.running.value,
                    briefs.c.lease_owner.is_(None),
                    pending == 0,
                    and_(last.is_not(None), last < cutoff),
                )
            ).all()
        return [(r[0], r[1]) for r in rows]
